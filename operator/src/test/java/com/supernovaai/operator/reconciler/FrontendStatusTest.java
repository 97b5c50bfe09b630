package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.dependent.TestContexts;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.FrontendSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.ComponentStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.StackStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FrontendReady: present only with spec.frontend, and then part of Ready. */
class FrontendStatusTest {

  private static SuperNovaStack withFrontend() {
    var stack = Stacks.minimal();
    var frontend = new FrontendSpec();
    frontend.setImage("registry.example.com/supernova/frontend:1.0.0");
    frontend.setReplicas(2);
    stack.getSpec().setFrontend(frontend);
    return stack;
  }

  /** The frontend's Deployment as the API server reports it with {@code ready} of 2 pods. */
  private static Deployment reported(SuperNovaStack stack, int ready) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(StackNames.frontend(stack))
        .withNamespace(StackNames.namespace(stack))
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .endSpec()
        .withStatus(
            new DeploymentStatusBuilder()
                .withObservedGeneration(1L)
                .withReplicas(2)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUpdatedReplicas(ready)
                .build())
        .build();
  }

  private static List<String> types(List<ComponentStatus> components) {
    return components.stream().map(ComponentStatus::conditionType).toList();
  }

  @Test
  void aStackWithoutAFrontendHasNoFrontendCondition() {
    var stack = Stacks.minimal();
    assertThat(types(ComponentObserver.observe(stack, TestContexts.with())))
        .doesNotContain(ConditionTypes.FRONTEND_READY);
  }

  @Test
  void theFrontendIsReadyWhenItsDeploymentHasAvailablePods() {
    var stack = withFrontend();
    assertThat(ComponentObserver.frontend(stack, TestContexts.with()).ready()).isFalse();
    assertThat(ComponentObserver.frontend(stack, TestContexts.with(reported(stack, 0))).ready())
        .isFalse();
    var ready = ComponentObserver.frontend(stack, TestContexts.with(reported(stack, 2)));
    assertThat(ready.ready()).isTrue();
    assertThat(ready.message()).isEqualTo("2/2 pods available");
  }

  @Test
  void aFrontendThatIsNotReadyKeepsTheStackFromReady() {
    var stack = withFrontend();
    var components =
        List.of(
            ComponentStatus.ready(ConditionTypes.API_READY, "DeploymentAvailable", "1/1"),
            ComponentObserver.frontend(stack, TestContexts.with(reported(stack, 0))));
    var status = StackStatusBuilder.of(stack, Instant.now()).components(components).build();
    Condition ready =
        status.getConditions().stream()
            .filter(c -> c.getType().equals(ConditionTypes.READY))
            .findFirst()
            .orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).isEqualTo("Waiting for FrontendReady");
  }
}
