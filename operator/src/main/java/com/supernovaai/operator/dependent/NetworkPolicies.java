package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyFluent;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.net.URI;
import java.util.List;

/**
 * The stack's NetworkPolicies: which of its components may reach which port (ingress), and what the
 * API and the Job pods may reach (egress). Peers are selected by name + instance + component, so a
 * pod that copies only some of the stack's labels is no peer.
 */
final class NetworkPolicies {

  static final int DNS_PORT = 53;
  private static final int REDIS_DEFAULT_PORT = 6379;

  private NetworkPolicies() {}

  /** Pods of {@code component} accept {@code port} only from pods of {@code from} components. */
  static NetworkPolicy allowFrom(
      SuperNovaStack stack, String component, int port, List<String> from) {
    List<NetworkPolicyPeer> peers = from.stream().map(c -> pods(stack, c)).toList();
    return base(stack, component)
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(peers)
        .withPorts(tcp(port))
        .endIngress()
        .endSpec()
        .build();
  }

  /** An ingress rule: {@code ports} (TCP) from the pods of one of the stack's components. */
  static NetworkPolicyIngressRule ingressFrom(
      SuperNovaStack stack, String component, List<Integer> ports) {
    return new NetworkPolicyIngressRuleBuilder()
        .withFrom(pods(stack, component))
        .withPorts(ports.stream().map(NetworkPolicies::tcp).toList())
        .build();
  }

  /**
   * Pods of {@code component} accept {@code port} from anywhere, and reach only what {@code egress}
   * allows.
   */
  static NetworkPolicy allowAll(
      SuperNovaStack stack, String component, int port, List<NetworkPolicyEgressRule> egress) {
    return base(stack, component)
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .withPorts(tcp(port))
        .endIngress()
        .withEgress(egress)
        .endSpec()
        .build();
  }

  /** Pods of {@code component} accept nothing and reach only what {@code egress} allows. */
  static NetworkPolicy egressOnly(
      SuperNovaStack stack, String component, List<NetworkPolicyEgressRule> egress) {
    return base(stack, component)
        .withPolicyTypes("Ingress", "Egress")
        .withEgress(egress)
        .endSpec()
        .build();
  }

  /**
   * DNS, UDP and TCP, to any address: the cluster's resolver is not always a pod that a selector
   * could name (NodeLocal DNSCache answers on a link-local address, some distributions run it on
   * the host network), so the port is the restriction.
   */
  static NetworkPolicyEgressRule dns() {
    return new NetworkPolicyEgressRuleBuilder()
        .withPorts(
            new NetworkPolicyPortBuilder()
                .withProtocol("UDP")
                .withPort(new IntOrString(DNS_PORT))
                .build(),
            tcp(DNS_PORT))
        .build();
  }

  /** TCP {@code port} of the pods of one of the stack's components. */
  static NetworkPolicyEgressRule toComponent(SuperNovaStack stack, String component, int port) {
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(pods(stack, component))
        .withPorts(tcp(port))
        .build();
  }

  /**
   * TCP {@code port} at any address: an external service, whose address only its DNS name tells.
   */
  static NetworkPolicyEgressRule toPort(int port) {
    return new NetworkPolicyEgressRuleBuilder().withPorts(tcp(port)).build();
  }

  /** The database as its clients reach it: the stack's database pods, or the external port. */
  static NetworkPolicyEgressRule database(SuperNovaStack stack) {
    var external = stack.getSpec().getDatabase().getExternal();
    return external == null
        ? toComponent(stack, Labels.COMPONENT_DATABASE, StackNames.DATABASE_PORT)
        : toPort(external.getPort());
  }

  /**
   * Redis as the API reaches it: the stack's Redis pods (and their Sentinels in sentinel mode), or
   * the port of the external URL.
   */
  static NetworkPolicyEgressRule redis(SuperNovaStack stack) {
    var external = stack.getSpec().getRedis().getExternal();
    if (external != null) {
      return toPort(redisPort(external.getUrl()));
    }
    if (!stack.getSpec().getRedis().sentinel()) {
      return toComponent(stack, Labels.COMPONENT_REDIS, StackNames.REDIS_PORT);
    }
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(pods(stack, Labels.COMPONENT_REDIS))
        .withPorts(tcp(StackNames.REDIS_PORT), tcp(StackNames.REDIS_SENTINEL_PORT))
        .build();
  }

  /** The port of a redis:// or rediss:// URL, 6379 when it names none. */
  static int redisPort(String url) {
    try {
      int port = URI.create(url).getPort();
      return port > 0 ? port : REDIS_DEFAULT_PORT;
    } catch (IllegalArgumentException e) {
      return REDIS_DEFAULT_PORT;
    }
  }

  private static NetworkPolicyPeer pods(SuperNovaStack stack, String component) {
    return new NetworkPolicyPeerBuilder()
        .withNewPodSelector()
        .withMatchLabels(Labels.selector(stack, component))
        .endPodSelector()
        .build();
  }

  private static NetworkPolicyPort tcp(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }

  private static NetworkPolicyFluent<NetworkPolicyBuilder>.SpecNested<NetworkPolicyBuilder> base(
      SuperNovaStack stack, String component) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(StackNames.networkPolicy(stack, shortName(component)))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(Labels.of(stack, component))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Labels.selector(stack, component))
        .endPodSelector();
  }

  static String shortName(String component) {
    return Labels.COMPONENT_DATABASE.equals(component) ? "db" : component;
  }
}
