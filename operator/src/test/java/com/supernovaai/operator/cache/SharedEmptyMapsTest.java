package com.supernovaai.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedEmptyMapsTest {

  private final KubernetesSerialization serialization = OperatorSerialization.create();

  private static final String DEPLOYMENT =
      new KubernetesSerialization()
          .asJson(
              new DeploymentBuilder()
                  .withNewMetadata()
                  .withName("prod-pooler")
                  .withNamespace("shop")
                  .addToLabels("app.kubernetes.io/component", "pooler")
                  .endMetadata()
                  .withNewSpec()
                  .withReplicas(2)
                  .withNewTemplate()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("pgbouncer")
                  .addNewEnv()
                  .withName("PGBOUNCER_PORT")
                  .withValue("6432")
                  .endEnv()
                  .endContainer()
                  .endSpec()
                  .endTemplate()
                  .endSpec()
                  .build());

  /** The maps a reader gives one Deployment's objects, from the top down to an env var. */
  private static List<Map<String, Object>> maps(Deployment deployment) {
    var pod = deployment.getSpec().getTemplate().getSpec();
    return List.of(
        deployment.getAdditionalProperties(),
        deployment.getMetadata().getAdditionalProperties(),
        deployment.getSpec().getAdditionalProperties(),
        deployment.getSpec().getTemplate().getAdditionalProperties(),
        pod.getAdditionalProperties(),
        pod.getContainers().get(0).getAdditionalProperties(),
        pod.getContainers().get(0).getEnv().get(0).getAdditionalProperties());
  }

  @Test
  void everyObjectOfARead_deploymentHasTheOneEmptyMap() {
    Deployment deployment = serialization.unmarshal(DEPLOYMENT, Deployment.class);

    assertThat(maps(deployment)).allSatisfy(map -> assertThat(map).isSameAs(SharedEmptyMaps.EMPTY));
    assertThat(deployment).isEqualTo(new KubernetesSerialization().unmarshal(DEPLOYMENT));
  }

  @Test
  void objectsInAWatchEventAndInAListShareItToo() {
    // How the informers read them: a watch event's object and a list's items are typed by kind
    // (the kind registered, as the Deployments' informer registers it).
    serialization.registerKubernetesResource(Deployment.class);
    String event = "{\"type\":\"ADDED\",\"object\":" + DEPLOYMENT + "}";
    String list =
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"DeploymentList\",\"items\":[" + DEPLOYMENT + "]}";

    Deployment fromEvent =
        (Deployment) serialization.unmarshal(event, WatchEvent.class).getObject();
    Deployment fromList = serialization.unmarshal(list, DeploymentList.class).getItems().get(0);

    assertThat(maps(fromEvent)).allSatisfy(map -> assertThat(map).isSameAs(SharedEmptyMaps.EMPTY));
    assertThat(maps(fromList)).allSatisfy(map -> assertThat(map).isSameAs(SharedEmptyMaps.EMPTY));
  }

  @Test
  void aFieldTheModelDoesNotKnowIsKept() {
    String json =
        DEPLOYMENT.replace("\"name\":\"prod-pooler\"", "\"name\":\"prod-pooler\",\"x-new\":\"1\"");

    Deployment deployment = serialization.unmarshal(json, Deployment.class);

    assertThat(deployment.getMetadata().getAdditionalProperties()).containsEntry("x-new", "1");
    assertThat(deployment.getSpec().getAdditionalProperties()).isSameAs(SharedEmptyMaps.EMPTY);
  }

  @Test
  void aCopyOfAReadObjectTakesNewFields() {
    Deployment read = serialization.unmarshal(DEPLOYMENT, Deployment.class);

    Deployment copy =
        new DeploymentBuilder(read)
            .editMetadata()
            .addToAdditionalProperties("x-new", "1")
            .endMetadata()
            .build();

    assertThat(copy.getMetadata().getAdditionalProperties()).containsEntry("x-new", "1");
    assertThat(read.getMetadata().getAdditionalProperties()).isEmpty();
  }

  @Test
  void aGenericResourceKeepsAMapOfItsOwn() {
    // Its map is its content (spec, status), and callers add to it.
    GenericKubernetesResource read =
        serialization.unmarshal(
            "{\"apiVersion\":\"monitoring.coreos.com/v1\",\"kind\":\"ServiceMonitor\","
                + "\"metadata\":{\"name\":\"api\"}}",
            GenericKubernetesResource.class);

    read.setAdditionalProperty("spec", Map.of("jobLabel", "api"));

    assertThat(read.getAdditionalProperties()).containsKey("spec");
    assertThat(read.getMetadata().getAdditionalProperties()).isSameAs(SharedEmptyMaps.EMPTY);
  }
}
