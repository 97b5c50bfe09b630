package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.ApiEnvironment;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The CRD refuses api.env names and api.envFrom prefixes that would shadow what the operator sets
 * (ApiEnvironment.RESERVED): every variable the operator sets must be in that list.
 */
class ApiEnvironmentReservedTest {

  @Test
  void everyVariableTheOperatorSetsIsRefusedInApiEnv() {
    var stack = Stacks.minimal();
    Set<String> set = new HashSet<>(ApiConfigMapDependent.environment(stack).keySet());
    ApiPodTemplate.env(stack, "blue").stream().map(EnvVar::getName).forEach(set::add);
    assertThat(set).contains("DATABASE_URL", "REDIS_PASSWORD", "SUPERNOVA_COLOR");
    assertThat(ApiEnvironment.RESERVED).containsAll(set);
  }

  @Test
  void theReadUrlIsReservedToo() {
    var stack = Stacks.minimal();
    stack.getSpec().getDatabase().setInstances(3);
    stack.getSpec().getApi().setReadFromReplicas(true);
    Set<String> set = new HashSet<>(ApiConfigMapDependent.environment(stack).keySet());
    assertThat(set).contains("DATABASE_READ_URL");
    assertThat(ApiEnvironment.RESERVED).containsAll(set);
  }
}
