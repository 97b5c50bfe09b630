package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.ApiSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.ColorPlan;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpecBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The API server Deployment of one color ({@code <stack>-api-blue}, {@code <stack>-api-green}),
 * shaped by the blue-green plan: the desired template at the planned size, or the template it has
 * now, untouched. A null planned size leaves spec.replicas out of the applied object, so the
 * HorizontalPodAutoscaler owns it; one created for it is created at its start size.
 */
public abstract class ApiDeploymentDependent extends StackDependent<Deployment> {

  private final String color;

  protected ApiDeploymentDependent(String color) {
    super(Deployment.class);
    this.color = color;
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiDeployment(stack, color);
  }

  @Override
  protected Deployment desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    ColorPlan plan = ApiRollout.plan(stack, context).color(color);
    if (plan.mode() == ColorPlan.Mode.KEEP) {
      var current = Secondaries.byName(context, Deployment.class, name(stack));
      if (current.isPresent()) {
        return kept(current.get(), plan.replicas());
      }
    }
    return rendered(stack, context, plan);
  }

  /**
   * An apply that leaves spec.replicas to the HPA, while the operator's own apply still holds them
   * (the Deployment was created at its start size, or sized before it had an HPA), first hands them
   * over at their current value, or it would reset them. At a promotion the rollout step has done
   * so before the switch.
   */
  @Override
  public Deployment update(
      Deployment actual,
      Deployment desired,
      SuperNovaStack stack,
      Context<SuperNovaStack> context) {
    if (desired.getSpec().getReplicas() == null
        && !color.equals(ApiRollout.plan(stack, context).handoverColor())) {
      ApiRollout.handOverBeforeApply(stack, context, actual);
    }
    return super.update(actual, desired, stack, context);
  }

  /** With the start size: desired has no spec.replicas when the HPA owns them, nor has its hash. */
  @Override
  protected Deployment asCreated(
      Deployment stamped, SuperNovaStack stack, Context<SuperNovaStack> context) {
    Integer size = ApiRollout.plan(stack, context).color(color).sizeAtCreation();
    return size == null
        ? stamped
        : new DeploymentBuilder(stamped).editSpec().withReplicas(size).endSpec().build();
  }

  /**
   * A kept Deployment is changed only if its planned size differs; its template never. A rendered
   * one is compared (and applied) as rendered: without spec.replicas when the HPA owns them, so no
   * apply of the operator's carries a count its cache held, which could be older than the HPA's.
   */
  @Override
  public Result<Deployment> match(
      Deployment actual,
      Deployment desired,
      SuperNovaStack stack,
      Context<SuperNovaStack> context) {
    ColorPlan plan = ApiRollout.plan(stack, context).color(color);
    if (plan.mode() == ColorPlan.Mode.KEEP) {
      return Result.computed(
          plan.replicas() == null
              || Objects.equals(actual.getSpec().getReplicas(), plan.replicas()),
          desired);
    }
    return super.match(actual, desired, stack, context);
  }

  private Deployment rendered(
      SuperNovaStack stack, Context<SuperNovaStack> context, ColorPlan plan) {
    ApiSpec api = stack.getSpec().getApi();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(Labels.api(stack, color, api.getImage()))
        .withAnnotations(new TreeMap<>(plan.annotations()))
        .endMetadata()
        .withNewSpec()
        .withReplicas(plan.replicas())
        .withRevisionHistoryLimit(3)
        .withMinReadySeconds(zeroAsUnset(api.getRollout().getMinReadySeconds()))
        .withProgressDeadlineSeconds(api.getRollout().getProgressDeadlineSeconds())
        .withNewSelector()
        .withMatchLabels(Labels.apiSelector(stack, color))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withNewMaxUnavailable(0)
        .withNewMaxSurge("25%")
        .endRollingUpdate()
        .endStrategy()
        .withTemplate(ApiPodTemplate.render(stack, context, color))
        .endSpec()
        .build();
  }

  /** The Deployment as it is, with only the operator's metadata and the planned size. */
  private static Deployment kept(Deployment current, Integer replicas) {
    Map<String, String> annotations = new TreeMap<>();
    if (current.getMetadata().getAnnotations() != null) {
      current.getMetadata().getAnnotations().entrySet().stream()
          .filter(e -> e.getKey().startsWith(SuperNovaStack.GROUP + "/"))
          .forEach(e -> annotations.put(e.getKey(), e.getValue()));
    }
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(current.getMetadata().getName())
        .withNamespace(current.getMetadata().getNamespace())
        .withLabels(current.getMetadata().getLabels())
        .withAnnotations(annotations)
        .endMetadata()
        .withSpec(
            new DeploymentSpecBuilder(current.getSpec())
                .withReplicas(replicas != null ? replicas : current.getSpec().getReplicas())
                .build())
        .build();
  }

  /** Blue: the color a stack starts with. */
  public static class Blue extends ApiDeploymentDependent {
    public Blue() {
      super(StackNames.BLUE);
    }
  }

  /** Green: created by the first rollout. */
  public static class Green extends ApiDeploymentDependent {
    public Green() {
      super(StackNames.GREEN);
    }
  }

  /** The plan wants a Deployment of this color; when not, an existing one is deleted. */
  public abstract static class Needed implements Condition<Deployment, SuperNovaStack> {
    private final String color;

    protected Needed(String color) {
      this.color = color;
    }

    @Override
    public boolean isMet(
        DependentResource<Deployment, SuperNovaStack> dependentResource,
        SuperNovaStack stack,
        Context<SuperNovaStack> context) {
      return ApiRollout.plan(stack, context).color(color).mode() != ColorPlan.Mode.ABSENT;
    }
  }

  /** Precondition of {@link Blue}. */
  public static class BlueNeeded extends Needed {
    public BlueNeeded() {
      super(StackNames.BLUE);
    }
  }

  /** Precondition of {@link Green}. */
  public static class GreenNeeded extends Needed {
    public GreenNeeded() {
      super(StackNames.GREEN);
    }
  }

  /**
   * The Deployment API stores a zero minReadySeconds (its default) by leaving it out: sent as 0 it
   * would never match the live object, and every reconcile would patch the Deployment again.
   */
  private static Integer zeroAsUnset(Integer seconds) {
    return seconds == null || seconds == 0 ? null : seconds;
  }
}
