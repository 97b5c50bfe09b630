package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the internet reaches through the stack's Ingress (issue 15): the public API, not /metrics,
 * /version or the readiness details, unless the stack asks. Requests are matched the way the
 * Ingress API defines pathType Prefix (whole path elements) and Exact.
 */
class ApiIngressRoutesTest {

  private static final List<String> PUBLIC =
      List.of(
          "/api/sentiment",
          "/api/sentiment/AAPL/hourly",
          "/auth/login",
          "/auth/register",
          "/ws/sentiment/AAPL",
          "/health");

  private static SuperNovaStack stack() {
    var stack = Stacks.minimal();
    stack.getSpec().getIngress().setEnabled(true);
    stack.getSpec().getIngress().setHost("api.example.com");
    return stack;
  }

  private static List<HTTPIngressPath> paths(SuperNovaStack stack) {
    Ingress ingress = new ApiIngressDependent().desired(stack, TestContexts.with());
    return ingress.getSpec().getRules().get(0).getHttp().getPaths();
  }

  /** Whether any path of the Ingress routes {@code request} (Kubernetes Ingress semantics). */
  private static boolean routed(List<HTTPIngressPath> paths, String request) {
    return paths.stream()
        .anyMatch(
            p ->
                switch (p.getPathType()) {
                  case "Exact" -> request.equals(p.getPath());
                  case "Prefix" ->
                      request.equals(p.getPath()) || request.startsWith(p.getPath() + "/");
                  default -> throw new AssertionError("pathType " + p.getPathType());
                });
  }

  @Test
  void byDefaultOnlyThePublicRoutesReachTheApi() {
    var paths = paths(stack());
    assertThat(PUBLIC).allMatch(r -> routed(paths, r), "routed");
    assertThat(List.of("/metrics", "/version", "/health/ready", "/", "/apiary", "/wsx"))
        .noneMatch(r -> routed(paths, r));
    assertThat(paths)
        .allSatisfy(p -> assertThat(p.getBackend().getService().getName()).isEqualTo("prod-api"));
  }

  @Test
  void theStackCanExposeMetricsAndVersion() {
    var stack = stack();
    stack.getSpec().getIngress().setExposeMetrics(true);
    var metricsOnly = paths(stack);
    assertThat(routed(metricsOnly, "/metrics")).isTrue();
    assertThat(routed(metricsOnly, "/version")).isFalse();

    stack.getSpec().getIngress().setExposeVersion(true);
    var both = paths(stack);
    assertThat(routed(both, "/metrics")).isTrue();
    assertThat(routed(both, "/version")).isTrue();
    assertThat(routed(both, "/health/ready")).isFalse();
    assertThat(PUBLIC).allMatch(r -> routed(both, r), "routed");
  }
}
