package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutAnnotations;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.TreeMap;

/**
 * The active API Service, {@code <stack>-api:80}: it selects the pods of the active color. A
 * promotion changes the color in its selector, and records the time and the image it leaves (the
 * rollback target), in one write. During a canary it selects both colors.
 */
public class ApiServiceDependent extends StackDependent<Service> {

  public ApiServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiService(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var plan = ApiRollout.plan(stack, context);
    var annotations = new TreeMap<String, String>();
    if (plan.promotedAt() != null) {
      annotations.put(RolloutAnnotations.PROMOTED_AT, plan.promotedAt());
    }
    if (plan.previousImage() != null) {
      annotations.put(RolloutAnnotations.PREVIOUS_IMAGE, plan.previousImage());
    }
    return new ServiceBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_API)))
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .withSpec(
            Services.clusterIp(
                // A canary: both colors, in proportion to their pods.
                plan.canaryColor() != null
                    ? Labels.selector(stack, Labels.COMPONENT_API)
                    : Labels.apiSelector(stack, plan.activeColor()),
                "http",
                StackNames.API_SERVICE_PORT))
        .build();
  }
}
