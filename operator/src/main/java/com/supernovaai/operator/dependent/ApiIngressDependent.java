package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.IngressSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackendBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Ingress to the active API Service, for the public routes only; TLS by a given Secret or a
 * cert-manager ClusterIssuer.
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
    var backend =
        new IngressBackendBuilder()
            .withNewService()
            .withName(StackNames.apiService(stack))
            .withNewPort()
            .withName("http")
            .endPort()
            .endService()
            .build();
    return spec.addNewRule()
        .withHost(ingress.getHost())
        .withNewHttp()
        .withPaths(
            routes(ingress).stream()
                .map(
                    r ->
                        new HTTPIngressPathBuilder()
                            .withPath(r.path())
                            .withPathType(r.type())
                            .withBackend(backend)
                            .build())
                .toList())
        .endHttp()
        .endRule()
        .endSpec()
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
