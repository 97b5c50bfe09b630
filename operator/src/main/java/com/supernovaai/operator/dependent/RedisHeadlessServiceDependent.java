package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Governing (headless) Service of a sentinel-mode Redis: each pod's DNS name, which Redis and
 * Sentinel announce and the API server's Sentinel client dials; published before the pods are
 * ready, since a replica needs its master's name to become ready at all.
 */
public class RedisHeadlessServiceDependent extends StackDependent<Service> {

  public RedisHeadlessServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redisHeadless(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var spec =
        Services.headless(
            Labels.selector(stack, Labels.COMPONENT_REDIS), "redis", StackNames.REDIS_PORT);
    spec.getPorts().add(Services.port("sentinel", StackNames.REDIS_SENTINEL_PORT));
    return new ServiceBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_REDIS)))
        .withSpec(spec)
        .build();
  }
}
