package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import org.junit.jupiter.api.Test;

class SpecOrMetadataChangedTest {

  private final SpecOrMetadataChanged<HorizontalPodAutoscaler> filter =
      new SpecOrMetadataChanged<>();

  private static HorizontalPodAutoscalerBuilder hpa(long generation, int currentReplicas) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName("api")
        .withGeneration(generation)
        .addToLabels("app.kubernetes.io/instance", "prod")
        .endMetadata()
        .withNewSpec()
        .withMinReplicas(3)
        .withMaxReplicas(20)
        .endSpec()
        .withNewStatus()
        .withCurrentReplicas(currentReplicas)
        .endStatus();
  }

  @Test
  void aStatusOnlyUpdateDoesNotReconcile() {
    assertThat(filter.accept(hpa(1, 4).build(), hpa(1, 3).build())).isFalse();
  }

  @Test
  void aSpecChangeByHandDoes() {
    var edited = hpa(2, 3).editSpec().withMaxReplicas(5).endSpec().build();
    assertThat(filter.accept(edited, hpa(1, 3).build())).isTrue();
  }

  @Test
  void aLabelOrAnnotationChangeOrADeletionDoes() {
    var relabelled = hpa(1, 3).editMetadata().addToLabels("team", "x").endMetadata().build();
    assertThat(filter.accept(relabelled, hpa(1, 3).build())).isTrue();
    var annotated = hpa(1, 3).editMetadata().addToAnnotations("a", "b").endMetadata().build();
    assertThat(filter.accept(annotated, hpa(1, 3).build())).isTrue();
    var deleting =
        hpa(1, 3)
            .editMetadata()
            .withDeletionTimestamp("2026-11-30T00:00:00Z")
            .endMetadata()
            .build();
    assertThat(filter.accept(deleting, hpa(1, 3).build())).isTrue();
  }

  @Test
  void withoutAGenerationEveryUpdateDoes() {
    var a = hpa(1, 3).editMetadata().withGeneration(null).endMetadata().build();
    var b = hpa(1, 4).editMetadata().withGeneration(null).endMetadata().build();
    assertThat(filter.accept(b, a)).isTrue();
  }
}
