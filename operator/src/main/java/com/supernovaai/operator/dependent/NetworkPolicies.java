package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.List;

/** Ingress-only NetworkPolicies: which of the stack's components may reach which port. */
final class NetworkPolicies {

  private NetworkPolicies() {}

  /** Pods of {@code component} accept {@code port} only from pods of {@code from} components. */
  static NetworkPolicy allowFrom(
      SuperNovaStack stack, String component, int port, List<String> from) {
    List<NetworkPolicyPeer> peers =
        from.stream()
            .map(
                c ->
                    new NetworkPolicyPeerBuilder()
                        .withNewPodSelector()
                        .withMatchLabels(Labels.selector(stack, c))
                        .endPodSelector()
                        .build())
            .toList();
    return base(stack, component)
        .addNewIngress()
        .withFrom(peers)
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .endPort()
        .endIngress()
        .endSpec()
        .build();
  }

  /** Pods of {@code component} accept {@code port} from anywhere. */
  static NetworkPolicy allowAll(SuperNovaStack stack, String component, int port) {
    return base(stack, component)
        .addNewIngress()
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .endPort()
        .endIngress()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyFluent<
                  NetworkPolicyBuilder>
              .SpecNested<
          NetworkPolicyBuilder>
      base(SuperNovaStack stack, String component) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(StackNames.networkPolicy(stack, shortName(component)))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(Labels.of(stack, component))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Labels.selector(stack, component))
        .endPodSelector()
        .withPolicyTypes("Ingress");
  }

  static String shortName(String component) {
    return Labels.COMPONENT_DATABASE.equals(component) ? "db" : component;
  }
}
