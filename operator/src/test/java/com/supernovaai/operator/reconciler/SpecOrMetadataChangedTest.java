package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import org.junit.jupiter.api.Test;

class SpecOrMetadataChangedTest {

  private final SpecOrMetadataChanged<HorizontalPodAutoscaler> filter =
      new SpecOrMetadataChanged<>(HorizontalPodAutoscaler::getSpec);

  private final SpecOrMetadataChanged<PersistentVolumeClaim> claims =
      new SpecOrMetadataChanged<>(EventSources::claimAsRequested);

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

  /** The API server keeps no generation for HPAs (v1.34): their status churn must not reconcile. */
  @Test
  void anHpaStatusUpdateWithoutAGenerationDoesNotReconcile() {
    var before = hpa(1, 3).editMetadata().withGeneration(null).endMetadata().build();
    var after = hpa(1, 4).editMetadata().withGeneration(null).endMetadata().build();
    assertThat(filter.accept(after, before)).isFalse();
  }

  @Test
  void withoutAGenerationASpecChangeStillDoes() {
    var before = hpa(1, 3).editMetadata().withGeneration(null).endMetadata().build();
    var after =
        hpa(1, 3)
            .editMetadata()
            .withGeneration(null)
            .endMetadata()
            .editSpec()
            .withMaxReplicas(5)
            .endSpec()
            .build();
    assertThat(filter.accept(after, before)).isTrue();
  }

  /**
   * A claim as the statefulset controller creates it (no generation: the API server keeps none).
   */
  private static PersistentVolumeClaimBuilder claim() {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName("data-prod-db-0")
        .addToLabels("app.kubernetes.io/instance", "prod")
        .addToFinalizers("kubernetes.io/pvc-protection")
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName("standard")
        .withNewResources()
        .addToRequests("storage", new Quantity("100Gi"))
        .endResources()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus();
  }

  /** The volume binder's two writes: the volume's name with its annotations, then the phase. */
  @Test
  void aClaimBeingBoundDoesNotReconcile() {
    var bound =
        claim()
            .editMetadata()
            .addToAnnotations("pv.kubernetes.io/bind-completed", "yes")
            .addToAnnotations("pv.kubernetes.io/bound-by-controller", "yes")
            .endMetadata()
            .editSpec()
            .withVolumeName("local-pv-1")
            .endSpec()
            .build();
    assertThat(claims.accept(bound, claim().build())).isFalse();
    var phase = new PersistentVolumeClaimBuilder(bound).editStatus().withPhase("Bound").endStatus();
    assertThat(claims.accept(phase.build(), bound)).isFalse();
  }

  @Test
  void aClaimResizedRelabelledOrAnnotatedByAUserDoes() {
    var larger =
        claim()
            .editSpec()
            .editResources()
            .addToRequests("storage", new Quantity("200Gi"))
            .endResources()
            .endSpec()
            .build();
    assertThat(claims.accept(larger, claim().build())).isTrue();
    var relabelled = claim().editMetadata().addToLabels("team", "x").endMetadata().build();
    assertThat(claims.accept(relabelled, claim().build())).isTrue();
    var annotated =
        claim().editMetadata().addToAnnotations("backup.example.com/skip", "true").endMetadata();
    assertThat(claims.accept(annotated.build(), claim().build())).isTrue();
  }

  /** The operator applies nginx.ingress.kubernetes.io annotations: one changed by hand is drift. */
  @Test
  void anAnnotationTheOperatorAppliesInAKubernetesDomainDoes() {
    var applied =
        hpa(1, 3)
            .editMetadata()
            .addToAnnotations("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
            .endMetadata();
    var edited =
        hpa(1, 3)
            .editMetadata()
            .addToAnnotations("nginx.ingress.kubernetes.io/proxy-read-timeout", "60")
            .endMetadata();
    assertThat(filter.accept(edited.build(), applied.build())).isTrue();
  }
}
