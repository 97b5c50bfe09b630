package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redis's address, {@code <stack>-redis:6379}; also the standalone StatefulSet's governing Service.
 * In sentinel mode it selects the pod labelled master.
 */
public class RedisServiceDependent extends StackDependent<Service> {

  public RedisServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redis(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    Map<String, String> selector = new TreeMap<>(Labels.selector(stack, Labels.COMPONENT_REDIS));
    if (stack.getSpec().getRedis().sentinel()) {
      // The master's pod labels itself (redis-role-label.sh), so clients that do not speak
      // Sentinel follow a failover here too.
      selector.put(Labels.REDIS_ROLE, Labels.REDIS_MASTER);
    }
    return new ServiceBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_REDIS)))
        .withSpec(Services.clusterIp(selector, "redis", StackNames.REDIS_PORT))
        .build();
  }
}
