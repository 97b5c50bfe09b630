package com.supernovaai.operator.dependent;

import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import java.util.Map;

/**
 * The specs of the stack's Services: each has one TCP port whose target is the container port of
 * the same name, so a container can move its port without the Service changing.
 */
final class Services {

  private Services() {}

  /** A ClusterIP Service over the pods {@code selector} picks. */
  static ServiceSpec clusterIp(Map<String, String> selector, String port, int number) {
    return new ServiceSpecBuilder()
        .withType("ClusterIP")
        .withSelector(selector)
        .withPorts(port(port, number))
        .build();
  }

  /**
   * A headless Service: DNS names for the pods themselves, ready or not (a StatefulSet's pods need
   * theirs before they are ready; Prometheus scrapes a failing pod too).
   */
  static ServiceSpec headless(Map<String, String> selector, String port, int number) {
    return new ServiceSpecBuilder()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(selector)
        .withPorts(port(port, number))
        .build();
  }

  static ServicePort port(String name, int number) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(number)
        .withNewTargetPort(name)
        .withProtocol("TCP")
        .build();
  }
}
