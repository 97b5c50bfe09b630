package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RolloutStrategy;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The preview API Service, {@code <stack>-api-preview:80}, for checks of a new color before it gets
 * traffic: it selects the preview color during a rollout and the active one otherwise.
 */
public class ApiPreviewServiceDependent extends StackDependent<Service> {

  public ApiPreviewServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiPreviewService(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var plan = ApiRollout.plan(stack, context);
    String color =
        plan.previewServiceColor() != null ? plan.previewServiceColor() : plan.activeColor();
    return new ServiceBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_API)))
        .withSpec(
            Services.clusterIp(
                Labels.apiSelector(stack, color), "http", StackNames.API_SERVICE_PORT))
        .build();
  }

  /** Only blue-green rollouts have a preview. */
  public static class BlueGreen extends Preconditions.SpecCondition {
    public BlueGreen() {
      super(
          s ->
              s.getSpec().getApi().getRollout() == null
                  || s.getSpec().getApi().getRollout().getStrategy()
                      != RolloutStrategy.RollingUpdate);
    }
  }
}
