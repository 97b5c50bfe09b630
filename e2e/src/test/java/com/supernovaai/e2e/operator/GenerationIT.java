package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.operator.dependent.AppliedMatches;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@link AppliedMatches} relies on for the kinds it remembers by generation: the API server
 * raises metadata.generation with every change of their spec, and not with a status write (the
 * status controllers' writes while a stack comes up must not make the operator compare again).
 */
@ExtendWith(KubernetesClusterExtension.class)
class GenerationIT {

  private static final Map<String, String> APP = Map.of("app", "generation");

  /** A kind's object, a status write of the kind a controller makes, and a change of its spec. */
  private record Sample<T extends HasMetadata>(
      T object, UnaryOperator<T> statusWrite, UnaryOperator<T> specChange) {}

  @Test
  void everyKindRememberedByGenerationRaisesItOnASpecChangeOnly(KubernetesClient client) {
    List<Sample<?>> samples =
        List.of(
            new Sample<Deployment>(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName("generation")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(0)
                    .withNewSelector()
                    .withMatchLabels(APP)
                    .endSelector()
                    .withTemplate(template())
                    .endSpec()
                    .build(),
                d -> {
                  d.setStatus(new DeploymentStatusBuilder().withCollisionCount(1).build());
                  return d;
                },
                d -> {
                  d.getSpec().setMinReadySeconds(5);
                  return d;
                }),
            new Sample<StatefulSet>(
                new StatefulSetBuilder()
                    .withNewMetadata()
                    .withName("generation")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(0)
                    .withServiceName("generation")
                    .withNewSelector()
                    .withMatchLabels(APP)
                    .endSelector()
                    .withTemplate(template())
                    .endSpec()
                    .build(),
                s -> {
                  s.setStatus(
                      new StatefulSetStatusBuilder().withReplicas(0).withCollisionCount(1).build());
                  return s;
                },
                s -> {
                  s.getSpec().setMinReadySeconds(5);
                  return s;
                }),
            new Sample<PodDisruptionBudget>(
                new PodDisruptionBudgetBuilder()
                    .withNewMetadata()
                    .withName("generation")
                    .endMetadata()
                    .withNewSpec()
                    .withMinAvailable(new IntOrString(1))
                    .withNewSelector()
                    .withMatchLabels(APP)
                    .endSelector()
                    .endSpec()
                    .build(),
                p -> {
                  p.setStatus(
                      new PodDisruptionBudgetStatusBuilder()
                          .withCurrentHealthy(0)
                          .withDesiredHealthy(1)
                          .withDisruptionsAllowed(0)
                          .withExpectedPods(3)
                          .build());
                  return p;
                },
                p -> {
                  p.getSpec().setMinAvailable(new IntOrString(2));
                  return p;
                }),
            new Sample<CronJob>(
                new CronJobBuilder()
                    .withNewMetadata()
                    .withName("generation")
                    .endMetadata()
                    .withNewSpec()
                    .withSchedule("0 3 * * *")
                    .withSuspend(true)
                    .withNewJobTemplate()
                    .withNewSpec()
                    .withTemplate(
                        new PodTemplateSpecBuilder(template())
                            .editSpec()
                            .withRestartPolicy("Never")
                            .endSpec()
                            .build())
                    .endSpec()
                    .endJobTemplate()
                    .endSpec()
                    .build(),
                c -> {
                  c.setStatus(
                      new CronJobStatusBuilder()
                          .withLastScheduleTime("2026-12-01T03:00:00Z")
                          .build());
                  return c;
                },
                c -> {
                  c.getSpec().setSchedule("0 4 * * *");
                  return c;
                }));
    assertThat(samples.stream().<Class<?>>map(sample -> sample.object().getClass()).toList())
        .containsExactlyInAnyOrderElementsOf(AppliedMatches.BY_GENERATION);

    for (Sample<?> sample : samples) {
      assertGenerations(client, sample);
    }
  }

  private static <T extends HasMetadata> void assertGenerations(
      KubernetesClient client, Sample<T> sample) {
    String kind = sample.object().getKind();
    T created = client.resource(sample.object()).create();
    long generation = created.getMetadata().getGeneration();

    // unlock(): the kind's controller may write in between; the test's writes need not wait.
    T statusWritten = client.resource(created).unlock().editStatus(sample.statusWrite());
    assertThat(statusWritten.getMetadata().getResourceVersion())
        .as(kind + ": the status write is a new version")
        .isNotEqualTo(created.getMetadata().getResourceVersion());
    assertThat(statusWritten.getMetadata().getGeneration())
        .as(kind + ": a status write keeps the generation")
        .isEqualTo(generation);

    T changed = client.resource(statusWritten).unlock().edit(sample.specChange());
    assertThat(changed.getMetadata().getGeneration())
        .as(kind + ": a change of the spec raises the generation")
        .isEqualTo(generation + 1);
  }

  private static PodTemplateSpec template() {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(APP)
        .endMetadata()
        .withNewSpec()
        .withContainers(new ContainerBuilder().withName("app").withImage("app:1").build())
        .endSpec()
        .build();
  }
}
