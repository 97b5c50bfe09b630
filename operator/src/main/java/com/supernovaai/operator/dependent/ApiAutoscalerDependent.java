package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** autoscaling/v2 HorizontalPodAutoscaler of the active API Deployment; it follows promotions. */
public class ApiAutoscalerDependent extends StackDependent<HorizontalPodAutoscaler> {

  public ApiAutoscalerDependent() {
    super(HorizontalPodAutoscaler.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiAutoscaler(stack);
  }

  @Override
  protected HorizontalPodAutoscaler desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var autoscaling = stack.getSpec().getApi().getAutoscaling();
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_API)))
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(StackNames.apiDeployment(stack, ApiRollout.plan(stack, context).activeColor()))
        .endScaleTargetRef()
        .withMinReplicas(autoscaling.getMinReplicas())
        .withMaxReplicas(autoscaling.getMaxReplicas())
        .withMetrics(
            utilization("cpu", autoscaling.getTargetCPUUtilizationPercentage()),
            utilization("memory", autoscaling.getTargetMemoryUtilizationPercentage()))
        .withBehavior(Defaults.autoscalingBehavior(autoscaling.getBehavior()))
        .endSpec()
        .build();
  }

  private static MetricSpec utilization(String resource, int percent) {
    return new MetricSpecBuilder()
        .withType("Resource")
        .withNewResource()
        .withName(resource)
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(percent)
        .endTarget()
        .endResource()
        .build();
  }
}
