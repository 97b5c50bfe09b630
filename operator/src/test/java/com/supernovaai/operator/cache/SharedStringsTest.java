package com.supernovaai.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class SharedStringsTest {

  private final KubernetesSerialization serialization = OperatorSerialization.create();

  /** The JSON of one stack's Deployment, as the API server sends it in a watch event. */
  private static String json(String namespace) {
    return new KubernetesSerialization()
        .asJson(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("prod-pooler")
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/component", "pooler")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("pgbouncer")
                .withImage("localhost/supernova/pgbouncer:1.23")
                .withArgs("/etc/pgbouncer/pgbouncer.ini")
                .addNewEnv()
                .withName("PGBOUNCER_PORT")
                .withValue("6432")
                .endEnv()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());
  }

  @Test
  void twoStacksObjectsShareTheirEqualStrings() {
    Deployment shop = serialization.unmarshal(json("shop"), Deployment.class);
    Deployment billing = serialization.unmarshal(json("billing"), Deployment.class);

    var a = shop.getSpec().getTemplate().getSpec().getContainers().get(0);
    var b = billing.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(a.getImage()).isSameAs(b.getImage());
    assertThat(a.getArgs().get(0)).isSameAs(b.getArgs().get(0));
    assertThat(a.getEnv().get(0).getValue()).isSameAs(b.getEnv().get(0).getValue());
    assertThat(shop.getMetadata().getLabels().get("app.kubernetes.io/component"))
        .isSameAs(billing.getMetadata().getLabels().get("app.kubernetes.io/component"));
  }

  @Test
  void theObjectsAreReadAsBefore() {
    String json = json("shop");

    assertThat(serialization.unmarshal(json, Deployment.class))
        .isEqualTo(new KubernetesSerialization().unmarshal(json, Deployment.class));
  }

  @Test
  void withoutItEqualStringsAreCopies() {
    // What the first test relies on: the default reader makes a new instance per read.
    var plain = new KubernetesSerialization();
    Deployment shop = plain.unmarshal(json("shop"), Deployment.class);
    Deployment billing = plain.unmarshal(json("billing"), Deployment.class);

    assertThat(shop.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isNotSameAs(billing.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
  }
}
