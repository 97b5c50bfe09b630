package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.backup.BackupObserver;
import com.supernovaai.operator.dependent.ApiRollout;
import com.supernovaai.operator.dependent.Readiness;
import com.supernovaai.operator.dependent.Secondaries;
import com.supernovaai.operator.model.ApiStatus;
import com.supernovaai.operator.model.BackupStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.monitoring.MonitoringApi;
import com.supernovaai.operator.rollout.RolloutPlanner;
import com.supernovaai.operator.rollout.RolloutSession;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the stack's workloads from the informer caches and says how each component is doing. */
public final class ComponentObserver {

  private ComponentObserver() {}

  public static List<ComponentStatus> observe(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    List<ComponentStatus> result = new ArrayList<>();
    result.add(database(stack, context));
    result.add(pooler(stack, context));
    result.add(redis(stack, context));
    result.add(api(stack, context));
    result.add(backup(stack, context));
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
        type, Secondaries.byName(context, StatefulSet.class, StackNames.database(stack)));
  }

  static ComponentStatus pooler(SuperNovaStack stack, Context<SuperNovaStack> context) {
    String type = ConditionTypes.POOLER_READY;
    if (!Boolean.TRUE.equals(stack.getSpec().getPooler().getEnabled())) {
      return ComponentStatus.ready(
          type, Reasons.DISABLED, "The API server connects to the database directly");
    }
    return deployment(
        type, Secondaries.byName(context, Deployment.class, StackNames.pooler(stack)));
  }

  static ComponentStatus redis(SuperNovaStack stack, Context<SuperNovaStack> context) {
    String type = ConditionTypes.REDIS_READY;
    var redis = stack.getSpec().getRedis();
    if (redis.hasExternal()) {
      return ComponentStatus.ready(type, Reasons.EXTERNAL, "Using an external Redis");
    }
    if (Boolean.TRUE.equals(redis.getPersistence().getEnabled())) {
      return statefulSet(
          type, Secondaries.byName(context, StatefulSet.class, StackNames.redis(stack)));
    }
    return deployment(type, Secondaries.byName(context, Deployment.class, StackNames.redis(stack)));
  }

  static ComponentStatus api(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return deployment(ConditionTypes.API_READY, activeApi(stack, context));
  }

  static ComponentStatus backup(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return BackupObserver.health(stack, context, java.time.Instant.now());
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

  public static BackupStatus backupStatus(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return BackupObserver.backupStatus(stack, context);
  }

  /** The last scheduled run is over (no active Job) and it did not end in a success. */
  static boolean lastRunFailed(CronJob cronJob) {
    return BackupObserver.lastScheduledRunFailed(cronJob);
  }

  private static ComponentStatus statefulSet(String type, Optional<StatefulSet> sts) {
    if (sts.isEmpty()) {
      return ComponentStatus.notReady(type, Reasons.PENDING, "The StatefulSet does not exist yet");
    }
    var s = sts.get();
    int ready = s.getStatus() == null ? 0 : zero(s.getStatus().getReadyReplicas());
    int wanted = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    if (Readiness.statefulSetReady(s)) {
      return ComponentStatus.ready(
          type, Reasons.STATEFUL_SET_READY, ready + "/" + wanted + " pods ready");
    }
    return ComponentStatus.notReady(
        type, Reasons.STATEFUL_SET_NOT_READY, ready + "/" + wanted + " pods ready");
  }

  private static ComponentStatus deployment(String type, Optional<Deployment> deployment) {
    if (deployment.isEmpty()) {
      return ComponentStatus.notReady(type, Reasons.PENDING, "The Deployment does not exist yet");
    }
    var d = deployment.get();
    int available = d.getStatus() == null ? 0 : zero(d.getStatus().getAvailableReplicas());
    int wanted =
        d.getSpec().getReplicas() != null
            ? d.getSpec().getReplicas()
            : d.getStatus() == null ? 0 : zero(d.getStatus().getReplicas());
    if (Readiness.deploymentReady(d)) {
      return ComponentStatus.ready(
          type, Reasons.DEPLOYMENT_AVAILABLE, available + "/" + wanted + " pods available");
    }
    return ComponentStatus.notReady(
        type, Reasons.DEPLOYMENT_NOT_AVAILABLE, available + "/" + wanted + " pods available");
  }

  private static int zero(Integer i) {
    return i == null ? 0 : i;
  }
}
