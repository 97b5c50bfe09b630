package com.supernovaai.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleasedIntrospectionTest {

  private static final Deployment DEPLOYMENT =
      new DeploymentBuilder()
          .withNewMetadata()
          .withName("prod-api-blue")
          .withNamespace("shop")
          .addToLabels("app.kubernetes.io/component", "api")
          .endMetadata()
          .withNewSpec()
          .withReplicas(2)
          .withNewTemplate()
          .withNewSpec()
          .addNewContainer()
          .withName("api")
          .withImage("supernova/api:1.4.2")
          .addNewEnv()
          .withName("SUPERNOVA_DATABASE_HOST")
          .withValue("prod-pooler")
          .endEnv()
          .withNewReadinessProbe()
          .withNewHttpGet()
          .withPath("/health/readiness")
          .withNewPort(8080)
          .endHttpGet()
          .endReadinessProbe()
          .endContainer()
          .endSpec()
          .endTemplate()
          .endSpec()
          .build();

  /** The classes Jackson described to build each (de)serializer, seen before the release. */
  private final List<AnnotatedClass> described = new ArrayList<>();

  /** Of those, the ones whose methods were collected when Jackson had built it. */
  private final List<Class<?>> collectedAtBuild = new ArrayList<>();

  /**
   * A mapper with the release, and a modifier that records each description. Jackson runs the
   * modifier registered last first, so the recorder sees a class before it is released.
   */
  private ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(ReleasedIntrospection.module())
        .registerModule(ReleasedIntrospection.afterEveryBuild("recorder", this::record));
  }

  private void record(BeanDescription description) {
    described.add(description.getClassInfo());
    if (ReleasedIntrospection.holdsMethods(description.getClassInfo())) {
      collectedAtBuild.add(description.getBeanClass());
    }
  }

  @Test
  void afterADeploymentIsWrittenAndRead_noClassOfItKeepsItsMethods() throws Exception {
    ObjectMapper mapper = mapper();

    String json = mapper.writeValueAsString(DEPLOYMENT);
    Deployment read = mapper.readValue(json, Deployment.class);

    assertThat(collectedAtBuild).contains(Deployment.class, Container.class);
    assertThat(described).noneMatch(ReleasedIntrospection::holdsMethods);
    assertThat(read).isEqualTo(DEPLOYMENT);
  }

  @Test
  void whatJacksonAsksForAgain_isCollectedAgain() throws Exception {
    ObjectMapper mapper = mapper();
    mapper.readValue(mapper.writeValueAsString(DEPLOYMENT), Deployment.class);
    AnnotatedClass deployment =
        described.stream().filter(c -> c.getRawType() == Deployment.class).findFirst().get();

    assertThat(deployment.memberMethods())
        .extracting(m -> m.getName())
        .contains("getSpec", "setAdditionalProperty");
    assertThat(ReleasedIntrospection.holdsMethods(deployment)).isTrue();
  }

  @Test
  void theOperatorsSerialization_writesAndReadsAsFabric8sOwn() {
    KubernetesSerialization fabric8 = new KubernetesSerialization();
    KubernetesSerialization operator = OperatorSerialization.create();
    String json = fabric8.asJson(DEPLOYMENT);

    assertThat(operator.asJson(DEPLOYMENT)).isEqualTo(json);
    assertThat(operator.unmarshal(json, Deployment.class))
        .isEqualTo(fabric8.unmarshal(json, Deployment.class));
    assertThat(operator.convertValue(DEPLOYMENT, Map.class))
        .isEqualTo(fabric8.convertValue(DEPLOYMENT, Map.class));
  }
}
