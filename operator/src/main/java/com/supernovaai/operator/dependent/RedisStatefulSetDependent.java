package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RedisSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Redis with its append-only file on a volume from a claim template (kept on stack deletion); in
 * sentinel mode three of them, a master and two replicas, each with its own volume.
 */
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
    var persistence = redis.getPersistence();
    boolean sentinel = redis.sentinel();
    return new StatefulSetBuilder()
        .withMetadata(metadata(stack, RedisPods.labels(stack)))
        .withNewSpec()
        .withReplicas(sentinel ? RedisSpec.SENTINEL_PODS : 1)
        // Sentinel mode: pod DNS names need a headless governing Service; the pods start together
        // (a replica waits for its master's name by itself) and a lost pod is replaced whatever
        // the others' state.
        .withServiceName(sentinel ? StackNames.redisHeadless(stack) : StackNames.redis(stack))
        .withPodManagementPolicy(sentinel ? "Parallel" : null)
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
