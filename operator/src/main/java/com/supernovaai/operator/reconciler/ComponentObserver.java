package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.ApiRollout;
import com.supernovaai.operator.dependent.DatabaseReadyCondition;
import com.supernovaai.operator.dependent.PoolerReadyCondition;
import com.supernovaai.operator.dependent.Readiness;
import com.supernovaai.operator.dependent.RedisReadyCondition;
import com.supernovaai.operator.dependent.Secondaries;
import com.supernovaai.operator.model.ApiStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.monitoring.MonitoringApi;
import com.supernovaai.operator.rollout.RolloutPlanner;
import com.supernovaai.operator.rollout.RolloutSession;
import com.supernovaai.operator.status.ComponentStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the stack's workloads from the informer caches and says how each serving component (and
 * monitoring) is doing. Backups are observed by the backup package.
 */
public final class ComponentObserver {

  private ComponentObserver() {}

  public static List<ComponentStatus> observe(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    List<ComponentStatus> result = new ArrayList<>();
    result.add(database(stack, context));
    result.add(pooler(stack, context));
    result.add(redis(stack, context));
    result.add(api(stack, context));
    if (stack.getSpec().getFrontend() != null) {
      result.add(frontend(stack, context));
    }
    result.add(
        MonitoringStatus.of(
            stack,
            MonitoringApi.shared().serves(context.getClient(), MonitoringApi.SERVICE_MONITORS),
            MonitoringApi.shared().serves(context.getClient(), MonitoringApi.PROMETHEUS_RULES)));
    return result;
  }

  static ComponentStatus database(SuperNovaStack stack, Context<SuperNovaStack> context) {
    String type = ConditionTypes.DATABASE_READY;
    var external = stack.getSpec().getDatabase().getExternal();
    if (external != null) {
      return ComponentStatus.ready(
          type, Reasons.EXTERNAL, "Using the external database " + external.getHost());
    }
    return statefulSet(
        type,
        Secondaries.byName(context, StatefulSet.class, StackNames.database(stack)),
        DatabaseReadyCondition.isReady(stack, context));
  }

  static ComponentStatus pooler(SuperNovaStack stack, Context<SuperNovaStack> context) {
    String type = ConditionTypes.POOLER_READY;
    if (!Boolean.TRUE.equals(stack.getSpec().getPooler().getEnabled())) {
      return ComponentStatus.ready(
          type, Reasons.DISABLED, "The API server connects to the database directly");
    }
    return deployment(
        type,
        Secondaries.byName(context, Deployment.class, StackNames.pooler(stack)),
        PoolerReadyCondition.isReady(stack, context));
  }

  static ComponentStatus redis(SuperNovaStack stack, Context<SuperNovaStack> context) {
    String type = ConditionTypes.REDIS_READY;
    var redis = stack.getSpec().getRedis();
    if (redis.hasExternal()) {
      return ComponentStatus.ready(type, Reasons.EXTERNAL, "Using an external Redis");
    }
    if (Boolean.TRUE.equals(redis.getPersistence().getEnabled())) {
      return statefulSet(
          type,
          Secondaries.byName(context, StatefulSet.class, StackNames.redis(stack)),
          RedisReadyCondition.isReady(stack, context));
    }
    return deployment(
        type,
        Secondaries.byName(context, Deployment.class, StackNames.redis(stack)),
        RedisReadyCondition.isReady(stack, context));
  }

  static ComponentStatus api(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var active = activeApi(stack, context);
    return deployment(
        ConditionTypes.API_READY, active, active.map(Readiness::deploymentReady).orElse(false));
  }

  static ComponentStatus frontend(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var deployment = Secondaries.byName(context, Deployment.class, StackNames.frontend(stack));
    return deployment(
        ConditionTypes.FRONTEND_READY,
        deployment,
        deployment.map(Readiness::deploymentReady).orElse(false));
  }

  public static Optional<Deployment> activeApi(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    return Secondaries.byName(
        context,
        Deployment.class,
        StackNames.apiDeployment(stack, ApiRollout.activeColor(stack, context)));
  }

  public static ApiStatus apiStatus(SuperNovaStack stack, Context<SuperNovaStack> context) {
    ApiStatus status = new ApiStatus();
    status.setActiveColor(ApiRollout.activeColor(stack, context));
    var plan = RolloutSession.planned(context);
    if (plan.isPresent()) {
      status.setPreviewColor(plan.get().previewColor());
      status.setPreviousImage(plan.get().previousImage());
    } else if (stack.getStatus() != null && stack.getStatus().getApi() != null) {
      status.setPreviewColor(stack.getStatus().getApi().getPreviewColor());
      status.setPreviousImage(stack.getStatus().getApi().getPreviousImage());
    }
    if (status.getPreviousImage() != null) {
      // Before the last switch, the other color served: the one a rollback returns to.
      status.setPreviousColor(RolloutPlanner.other(status.getActiveColor()));
    }
    activeApi(stack, context)
        .ifPresent(
            d -> {
              status.setActiveImage(
                  d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
              if (d.getStatus() != null) {
                status.setReadyReplicas(zero(d.getStatus().getReadyReplicas()));
                status.setReplicas(zero(d.getStatus().getReplicas()));
              } else {
                status.setReadyReplicas(0);
                status.setReplicas(0);
              }
            });
    return status;
  }

  /**
   * The status of a StatefulSet component; {@code ready} is decided by the same function as the
   * workflow's ready condition for it, so status and workflow never disagree.
   */
  private static ComponentStatus statefulSet(
      String type, Optional<StatefulSet> sts, boolean ready) {
    if (sts.isEmpty()) {
      return ComponentStatus.notReady(type, Reasons.PENDING, "The StatefulSet does not exist yet");
    }
    var s = sts.get();
    int readyPods = s.getStatus() == null ? 0 : zero(s.getStatus().getReadyReplicas());
    int wanted = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    String message = readyPods + "/" + wanted + " pods ready";
    return ready
        ? ComponentStatus.ready(type, Reasons.STATEFUL_SET_READY, message)
        : ComponentStatus.notReady(type, Reasons.STATEFUL_SET_NOT_READY, message);
  }

  /** The status of a Deployment component; {@code ready} as for {@link #statefulSet}. */
  private static ComponentStatus deployment(
      String type, Optional<Deployment> deployment, boolean ready) {
    if (deployment.isEmpty()) {
      return ComponentStatus.notReady(type, Reasons.PENDING, "The Deployment does not exist yet");
    }
    var d = deployment.get();
    int available = d.getStatus() == null ? 0 : zero(d.getStatus().getAvailableReplicas());
    int wanted =
        d.getSpec().getReplicas() != null
            ? d.getSpec().getReplicas()
            : d.getStatus() == null ? 0 : zero(d.getStatus().getReplicas());
    String message = available + "/" + wanted + " pods available";
    return ready
        ? ComponentStatus.ready(type, Reasons.DEPLOYMENT_AVAILABLE, message)
        : ComponentStatus.notReady(type, Reasons.DEPLOYMENT_NOT_AVAILABLE, message);
  }

  private static int zero(Integer i) {
    return i == null ? 0 : i;
  }
}
