package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.cache.OperatorSerialization;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator writes its objects with its client's serialization, whose reading is its own (shared
 * strings and empty maps). Its writing must stay fabric8's: the applied-state and pod-template
 * hashes stamped on the objects of running stacks are taken of that JSON, and a different text
 * would re-apply every object, and roll every API pod, at an upgrade.
 */
class SharedSerializationTest {

  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

  @Test
  void theOperatorsObjectsAreWrittenAsFabric8WritesThem() {
    var stack = Stacks.minimal();
    var context = TestContexts.with();
    List<Object> objects =
        List.of(
            new ApiDeploymentDependent.Blue().desired(stack, context),
            ApiPodTemplate.render(stack, context, null),
            new DatabaseStatefulSetDependent().desired(stack, context),
            new BackupCronJobDependent().desired(stack, context),
            new DatabaseNetworkPolicyDependent().desired(stack, context),
            new ApiAutoscalerDependent().desired(stack, context));

    for (Object object : objects) {
      assertThat(OperatorSerialization.shared().asJson(object))
          .isEqualTo(FABRIC8.asJson(object))
          .contains("\"metadata\"");
      // the tree the applied-state hash is taken of
      assertThat(OperatorSerialization.shared().convertValue(object, JsonNode.class))
          .isEqualTo(FABRIC8.convertValue(object, JsonNode.class));
    }
  }

  @Test
  void thePodTemplateHashIsTheOneFabric8sWritingGives() {
    var stack = Stacks.minimal();
    var context = TestContexts.with();

    assertThat(ApiPodTemplate.hash(stack, context))
        .isEqualTo(
            Hashes.of(
                Map.of("template", FABRIC8.asJson(ApiPodTemplate.render(stack, context, null)))));
  }
}
