package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.IngressSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackendBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ingress to the active API Service, for the public routes only; TLS by a given Secret or a
 * cert-manager ClusterIssuer. With spec.frontend, / goes to the frontend Service and the API's
 * routes (longer prefixes, so they win) still to the API, with WebSocket-friendly timeouts.
 */
public class ApiIngressDependent extends StackDependent<Ingress> {

  public ApiIngressDependent() {
    super(Ingress.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiIngress(stack);
  }

  @Override
  protected Ingress desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var ingress = stack.getSpec().getIngress();
    var annotations = new TreeMap<String, String>();
    boolean frontend = stack.getSpec().getFrontend() != null;
    if (frontend) {
      annotations.putAll(WEBSOCKET_TIMEOUTS);
    }
    // The user's annotations come last: they override the WebSocket timeouts too.
    if (ingress.getAnnotations() != null) {
      annotations.putAll(ingress.getAnnotations());
    }
    var tls = ingress.getTls();
    String tlsSecret = null;
    if (tls != null && (tls.getSecretName() != null || tls.getClusterIssuer() != null)) {
      tlsSecret =
          tls.getSecretName() != null ? tls.getSecretName() : StackNames.apiTlsSecret(stack);
      if (tls.getClusterIssuer() != null) {
        annotations.put("cert-manager.io/cluster-issuer", tls.getClusterIssuer());
      }
    }
    var spec =
        new IngressBuilder()
            .withNewMetadata()
            .withName(name(stack))
            .withNamespace(StackNames.namespace(stack))
            .withLabels(Labels.of(stack, Labels.COMPONENT_API))
            // Never null: java-operator-sdk puts its previous-annotation into it on create.
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withIngressClassName(ingress.getClassName());
    if (tlsSecret != null) {
      spec.addNewTl().withHosts(ingress.getHost()).withSecretName(tlsSecret).endTl();
    }
    var api = backend(StackNames.apiService(stack));
    var paths =
        new ArrayList<>(
            routes(ingress).stream()
                .map(
                    r ->
                        new HTTPIngressPathBuilder()
                            .withPath(r.path())
                            .withPathType(r.type())
                            .withBackend(api)
                            .build())
                .toList());
    if (frontend) {
      paths.add(
          new HTTPIngressPathBuilder()
              .withPath("/")
              .withPathType("Prefix")
              .withBackend(backend(StackNames.frontend(stack)))
              .build());
    }
    return spec.addNewRule()
        .withHost(ingress.getHost())
        .withNewHttp()
        .withPaths(paths)
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }

  /**
   * Idle timeouts of an hour for the WebSocket connections on /ws, in the annotations of the common
   * controllers (each ignores the others'): ingress-nginx (default 60 s), HAProxy Technologies'
   * controller and HAProxy Ingress (timeout tunnel). Traefik has no per-Ingress timeout: it passes
   * WebSockets as they are, bounded by its entry points' settings (docs/design/frontend.md).
   */
  static final Map<String, String> WEBSOCKET_TIMEOUTS =
      Map.of(
          "nginx.ingress.kubernetes.io/proxy-read-timeout", "3600",
          "nginx.ingress.kubernetes.io/proxy-send-timeout", "3600",
          "haproxy.org/timeout-tunnel", "3600s",
          "haproxy-ingress.github.io/timeout-tunnel", "3600s");

  /** Port "http" of a Service of the stack: every Service names its port so. */
  private static IngressBackend backend(String service) {
    return new IngressBackendBuilder()
        .withNewService()
        .withName(service)
        .withNewPort()
        .withName("http")
        .endPort()
        .endService()
        .build();
  }

  /** One routed path: {@code type} is the Ingress pathType (Prefix matches whole segments). */
  record Route(String path, String type) {}

  /**
   * What the internet reaches: the public API, and /health (liveness, which names no dependency).
   * Readiness details, /metrics and /version stay inside the cluster unless the stack asks.
   */
  static List<Route> routes(IngressSpec ingress) {
    List<Route> routes = new ArrayList<>();
    routes.add(new Route("/api", "Prefix"));
    routes.add(new Route("/auth", "Prefix"));
    routes.add(new Route("/ws", "Prefix"));
    routes.add(new Route("/health", "Exact"));
    if (Boolean.TRUE.equals(ingress.getExposeMetrics())) {
      routes.add(new Route("/metrics", "Exact"));
    }
    if (Boolean.TRUE.equals(ingress.getExposeVersion())) {
      routes.add(new Route("/version", "Exact"));
    }
    return routes;
  }
}
