package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
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
    var persistence = stack.getSpec().getRedis().getPersistence();
    return new StatefulSetBuilder()
        .withMetadata(metadata(stack, RedisPods.labels(stack)))
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
        .withVolumeClaimTemplates(
            ClaimTemplates.keepLiveOrNew(
                context,
                name(stack),
                RedisPods.DATA_VOLUME,
                Labels.of(stack, Labels.COMPONENT_REDIS),
                persistence.getSize(),
                persistence.getStorageClassName()))
        .endSpec()
        .build();
  }
}
