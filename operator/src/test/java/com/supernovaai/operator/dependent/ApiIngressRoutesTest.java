package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.FrontendSpec;
import com.supernovaai.operator.model.IngressTlsSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                  // A trailing slash of the path is ignored: "/" matches every request.
                  case "Prefix" -> {
                    String prefix = p.getPath().replaceAll("/$", "");
                    yield request.equals(prefix) || request.startsWith(prefix + "/");
                  }
                  default -> throw new AssertionError("pathType " + p.getPathType());
                });
  }

  /**
   * The backend a controller sends {@code request} to: an Exact match first, else the longest
   * matching Prefix (the Ingress API's precedence), nothing when no path matches.
   */
  private static Optional<String> backendOf(List<HTTPIngressPath> paths, String request) {
    return paths.stream()
        .filter(p -> routed(List.of(p), request))
        .max(
            Comparator.comparing((HTTPIngressPath p) -> "Exact".equals(p.getPathType()))
                .thenComparing(p -> p.getPath().length()))
        .map(p -> p.getBackend().getService().getName());
  }

  private static SuperNovaStack withFrontend() {
    var stack = stack();
    var frontend = new FrontendSpec();
    frontend.setImage("registry.example.com/supernova/frontend:1.0.0");
    stack.getSpec().setFrontend(frontend);
    return stack;
  }

  /** A stack that sets every option of spec.ingress. */
  static SuperNovaStack everyIngressOption() {
    var stack = stack();
    var ingress = stack.getSpec().getIngress();
    ingress.setClassName("nginx");
    ingress.setAnnotations(Map.of("example.com/team", "data"));
    var tls = new IngressTlsSpec();
    tls.setClusterIssuer("letsencrypt");
    ingress.setTls(tls);
    ingress.setExposeMetrics(true);
    ingress.setExposeVersion(true);
    return stack;
  }

  @Test
  void withoutAFrontendTheIngressIsTheOneRenderedBeforeFrontendsExisted() throws IOException {
    // ingress/without-frontend.yaml: what ApiIngressDependent rendered for this stack at 7edc97c.
    try (InputStream before = getClass().getResourceAsStream("/ingress/without-frontend.yaml")) {
      assertThat(before).isNotNull();
      String expected = new String(before.readAllBytes(), StandardCharsets.UTF_8);
      Ingress now = new ApiIngressDependent().desired(everyIngressOption(), TestContexts.with());
      assertThat(Serialization.asYaml(now)).isEqualTo(expected);
    }
  }

  @Test
  void withAFrontendTheRootGoesToItAndTheApiRoutesStillToTheApi() {
    var paths = paths(withFrontend());
    for (String request : PUBLIC) {
      assertThat(backendOf(paths, request)).as(request).contains("prod-api");
    }
    // The page, its files and client-side routes; what stays private on the API is not exposed
    // through the frontend either (nginx there proxies only /api/, /auth/ and /ws/).
    for (String request :
        List.of("/", "/index.html", "/app.js", "/chart/NOVA", "/metrics", "/health/ready")) {
      assertThat(backendOf(paths, request)).as(request).contains("prod-frontend");
    }
    assertThat(paths)
        .filteredOn(p -> p.getBackend().getService().getName().equals("prod-frontend"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPath()).isEqualTo("/");
              assertThat(p.getPathType()).isEqualTo("Prefix");
              assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
  }

  @Test
  void withAFrontendWebSocketsGetAnHourOfIdleTimeOnTheCommonControllers() {
    var annotations =
        new ApiIngressDependent()
            .desired(withFrontend(), TestContexts.with())
            .getMetadata()
            .getAnnotations();
    assertThat(annotations)
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600")
        .containsEntry("haproxy.org/timeout-tunnel", "3600s")
        .containsEntry("haproxy-ingress.github.io/timeout-tunnel", "3600s");

    // The stack's own annotations win.
    var stack = withFrontend();
    stack
        .getSpec()
        .getIngress()
        .setAnnotations(Map.of("nginx.ingress.kubernetes.io/proxy-read-timeout", "86400"));
    assertThat(
            new ApiIngressDependent()
                .desired(stack, TestContexts.with())
                .getMetadata()
                .getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "86400")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
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
