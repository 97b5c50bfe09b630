package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Redis with its append-only file on a volume from a claim template (kept on stack deletion). */
public class RedisStatefulSetDependent extends StackDependent<StatefulSet> {

  public RedisStatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redis(stack);
  }

  @Override
  protected StatefulSet desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var redis = stack.getSpec().getRedis();
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(Labels.of(stack, Labels.COMPONENT_REDIS, Labels.versionOf(redis.getImage())))
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(StackNames.redis(stack))
        .withNewSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_REDIS))
        .endSelector()
        .withTemplate(RedisPods.template(stack, context, true))
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Retain")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withVolumeClaimTemplates(volumeClaimTemplate(stack, context))
        .endSpec()
        .build();
  }

  private PersistentVolumeClaim volumeClaimTemplate(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    // volumeClaimTemplates are immutable: keep the live one.
    var live =
        Secondaries.byName(context, StatefulSet.class, name(stack))
            .map(s -> s.getSpec().getVolumeClaimTemplates())
            .filter(t -> !t.isEmpty())
            .map(t -> t.get(0));
    if (live.isPresent()) {
      return new PersistentVolumeClaimBuilder()
          .withApiVersion("v1")
          .withKind("PersistentVolumeClaim")
          .withNewMetadata()
          .withName(live.get().getMetadata().getName())
          .withLabels(live.get().getMetadata().getLabels())
          .endMetadata()
          .withNewSpecLike(live.get().getSpec())
          .endSpec()
          .build();
    }
    var persistence = stack.getSpec().getRedis().getPersistence();
    return new PersistentVolumeClaimBuilder()
        .withApiVersion("v1")
        .withKind("PersistentVolumeClaim")
        .withNewMetadata()
        .withName(RedisPods.DATA_VOLUME)
        .withLabels(Labels.of(stack, Labels.COMPONENT_REDIS))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(persistence.getStorageClassName())
        .withVolumeMode("Filesystem")
        .withNewResources()
        .addToRequests("storage", new Quantity(persistence.getSize()))
        .endResources()
        .endSpec()
        .build();
  }
}
