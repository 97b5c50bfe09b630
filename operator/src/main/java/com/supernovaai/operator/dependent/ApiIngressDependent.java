package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.TreeMap;

/** Ingress to the active API Service; TLS by a given Secret or a cert-manager ClusterIssuer. */
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
    return spec.addNewRule()
        .withHost(ingress.getHost())
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(StackNames.apiService(stack))
        .withNewPort()
        .withName("http")
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }
}
