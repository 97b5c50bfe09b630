package com.supernovaai.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.dependent.TestContexts;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.reconciler.SuperNovaStackReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator's serialization, which reads and writes the fabric8 model through its fields, writes
 * and reads the same JSON as fabric8's own, which goes through getters and setters.
 */
class ModelFieldAccessTest {

  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();
  private static final KubernetesSerialization OPERATOR = OperatorSerialization.create();

  @Test
  void everyObjectTheOperatorAppliesIsWrittenAsFabric8WritesIt() throws Exception {
    List<HasMetadata> desired = everyDesiredObject(Stacks.minimal());
    assertThat(desired).hasSizeGreaterThan(25);

    for (HasMetadata object : desired) {
      assertThat(OPERATOR.asJson(object)).as(object.getKind()).isEqualTo(FABRIC8.asJson(object));
    }
  }

  @Test
  void everyObjectTheOperatorAppliesIsReadAsFabric8ReadsIt() throws Exception {
    for (HasMetadata object : everyDesiredObject(Stacks.minimal())) {
      String json = FABRIC8.asJson(object);
      assertThat(OPERATOR.unmarshal(json, object.getClass()))
          .as(object.getKind())
          .isEqualTo(FABRIC8.unmarshal(json, object.getClass()));
    }
  }

  @Test
  void fieldsTheModelDoesNotKnowAreKeptAndWrittenBack() {
    String json =
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"api-0","x-unknown":{"a":1}},\
        "spec":{"containers":[{"name":"api","image":"api:1","x-extra":"kept"}]},\
        "status":{"phase":"Running"}}""";

    Pod pod = OPERATOR.unmarshal(json, Pod.class);

    assertThat(pod).isEqualTo(FABRIC8.unmarshal(json, Pod.class));
    assertThat(pod.getSpec().getContainers().get(0).getAdditionalProperties())
        .containsEntry("x-extra", "kept");
    assertThat(OPERATOR.asJson(pod)).isEqualTo(FABRIC8.asJson(pod)).contains("x-extra");
  }

  @Test
  void aValueInAdditionalPropertiesWinsOverTheFieldOfItsName() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("api-0")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("api")
            .withImage("api:1")
            .endContainer()
            .endSpec()
            .build();
    pod.getSpec().getContainers().get(0).setAdditionalProperty("image", "api:2");

    assertThat(OPERATOR.asJson(pod))
        .isEqualTo(FABRIC8.asJson(pod))
        .contains("api:2")
        .doesNotContain("api:1");
  }

  @Test
  void aStackWithItsStatusIsWrittenAsFabric8WritesIt() {
    SuperNovaStack stack = Stacks.minimal();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("db-0")
            .addToLabels("role", "primary")
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();

    assertThat(OPERATOR.asJson(stack)).isEqualTo(FABRIC8.asJson(stack));
    assertThat(OPERATOR.asJson(pod)).isEqualTo(FABRIC8.asJson(pod));
  }

  /** The desired object of every dependent of the workflow that renders one for {@code stack}. */
  private static List<HasMetadata> everyDesiredObject(SuperNovaStack stack) throws Exception {
    Context<SuperNovaStack> context = TestContexts.with();
    List<HasMetadata> objects = new ArrayList<>();
    // the workflow is declared on the reconciler's superclass
    Workflow workflow =
        SuperNovaStackReconciler.class.getSuperclass().getAnnotation(Workflow.class);
    for (Dependent dependent : workflow.dependents()) {
      Object resource = dependent.type().getDeclaredConstructor().newInstance();
      Method desired = desiredMethod(resource.getClass());
      if (desired == null) {
        continue;
      }
      desired.setAccessible(true);
      try {
        objects.add((HasMetadata) desired.invoke(resource, stack, context));
      } catch (java.lang.reflect.InvocationTargetException notForThisStack) {
        // some render only for stacks that use them (a bootstrap restore, say)
      }
    }
    return objects;
  }

  private static Method desiredMethod(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return c.getDeclaredMethod("desired", SuperNovaStack.class, Context.class);
      } catch (NoSuchMethodException notHere) {
        // its superclass's
      }
    }
    return null;
  }
}
