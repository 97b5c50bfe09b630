package com.supernovaai.e2e.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Comparator;
import java.util.List;

/** What a human needs to see when a cluster test fails: events and the objects of a namespace. */
public final class NamespaceDump {

  private NamespaceDump() {}

  public static String of(KubernetesClient client, String namespace) {
    StringBuilder out = new StringBuilder();
    try {
      out.append("--- events\n");
      client.v1().events().inNamespace(namespace).list().getItems().stream()
          .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())))
          .forEach(
              e ->
                  out.append(
                      String.format(
                          "%s %s/%s %s: %s%n",
                          e.getType(),
                          e.getInvolvedObject().getKind(),
                          e.getInvolvedObject().getName(),
                          e.getReason(),
                          e.getMessage())));
      section(
          out, "deployments", client.apps().deployments().inNamespace(namespace).list().getItems());
      section(
          out,
          "statefulsets",
          client.apps().statefulSets().inNamespace(namespace).list().getItems());
      section(out, "pods", client.pods().inNamespace(namespace).list().getItems());
      section(out, "services", client.services().inNamespace(namespace).list().getItems());
      section(
          out, "pvcs", client.persistentVolumeClaims().inNamespace(namespace).list().getItems());
      section(out, "jobs", client.batch().v1().jobs().inNamespace(namespace).list().getItems());
      ResourceDefinitionContext stacks =
          new ResourceDefinitionContext.Builder()
              .withGroup("ops.supernova-ai.com")
              .withVersion("v1alpha1")
              .withPlural("supernovastacks")
              .withKind("SuperNovaStack")
              .withNamespaced(true)
              .build();
      try {
        List<GenericKubernetesResource> items =
            client.genericKubernetesResources(stacks).inNamespace(namespace).list().getItems();
        out.append("--- supernovastacks\n");
        for (GenericKubernetesResource stack : items) {
          out.append(stack.getMetadata().getName())
              .append(" status=")
              .append(stack.getAdditionalProperties().get("status"))
              .append('\n');
        }
      } catch (RuntimeException e) {
        out.append("--- supernovastacks: not available (").append(e.getMessage()).append(")\n");
      }
    } catch (RuntimeException e) {
      out.append("(dump failed: ").append(e).append(")\n");
    }
    return out.toString();
  }

  private static void section(StringBuilder out, String title, List<? extends HasMetadata> items) {
    out.append("--- ").append(title).append('\n');
    for (HasMetadata item : items) {
      Object status = null;
      try {
        status = item.getClass().getMethod("getStatus").invoke(item);
      } catch (ReflectiveOperationException ignored) {
        // kinds without status print their name only
      }
      out.append(item.getMetadata().getName()).append(" status=").append(status).append('\n');
    }
  }
}
