package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.backup.PointInTimeRecoveryObserver;
import com.supernovaai.operator.cache.ListPages;
import com.supernovaai.operator.cache.PrunedItemStore;
import com.supernovaai.operator.config.PatroniConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.MigrationFailure;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One informer per kind, shared by all dependents of that kind and filtered by the managed-by
 * label, so the operator caches only its own objects. Objects map to their stack by the instance
 * label, which works for owned and deliberately unowned objects alike.
 */
public final class EventSources {

  public static final String SECRETS = "secrets";
  public static final String CONFIG_MAPS = "configmaps";
  public static final String SERVICES = "services";
  public static final String SERVICE_ACCOUNTS = "serviceaccounts";
  public static final String DEPLOYMENTS = "deployments";
  public static final String STATEFUL_SETS = "statefulsets";
  public static final String AUTOSCALERS = "horizontalpodautoscalers";
  public static final String DISRUPTION_BUDGETS = "poddisruptionbudgets";
  public static final String INGRESSES = "ingresses";
  public static final String CRON_JOBS = "cronjobs";
  public static final String VOLUME_CLAIMS = "persistentvolumeclaims";
  public static final String NETWORK_POLICIES = "networkpolicies";
  public static final String JOBS = "jobs";
  public static final String ROLES = "roles";
  public static final String ROLE_BINDINGS = "rolebindings";

  /** Pods of backup, restore and drill Jobs only: their termination messages carry results. */
  public static final String BACKUP_PODS = "backup-pods";

  /**
   * Database pods: Patroni's role label on each (a failover reconciles at once); their state and
   * archiving annotations are read from the cache for the status.
   */
  public static final String DATABASE_PODS = "database-pods";

  /** Sentinel-mode Redis pods: their role label (a failover reconciles at once). */
  public static final String REDIS_PODS = "redis-pods";

  /** The operator's Redis pods that have a role label (a bare key selects by its presence). */
  static final String REDIS_PODS_SELECTOR =
      Labels.MANAGED_SELECTOR
          + ","
          + Labels.COMPONENT
          + "="
          + Labels.COMPONENT_REDIS
          + ","
          + Labels.REDIS_ROLE;

  /** API pods: a failed schema migration of a preview pod aborts its rollout. */
  public static final String API_PODS = "api-pods";

  private EventSources() {}

  /** The stacks' event sources of one operator, whose informers start one at a time. */
  static List<EventSource<?, SuperNovaStack>> all(EventSourceContext<SuperNovaStack> context) {
    var starts = new InformerStarts();
    return List.of(
        informer(context, Secret.class, SECRETS, starts),
        informer(context, ConfigMap.class, CONFIG_MAPS, starts),
        informer(context, Service.class, SERVICES, starts),
        informer(context, ServiceAccount.class, SERVICE_ACCOUNTS, starts),
        informer(context, Deployment.class, DEPLOYMENTS, starts),
        informer(context, StatefulSet.class, STATEFUL_SETS, starts),
        specInformer(
            context,
            HorizontalPodAutoscaler.class,
            AUTOSCALERS,
            HorizontalPodAutoscaler::getSpec,
            starts),
        specInformer(
            context,
            PodDisruptionBudget.class,
            DISRUPTION_BUDGETS,
            PodDisruptionBudget::getSpec,
            starts),
        specInformer(context, Ingress.class, INGRESSES, Ingress::getSpec, starts),
        informer(context, CronJob.class, CRON_JOBS, starts),
        specInformer(
            context,
            PersistentVolumeClaim.class,
            VOLUME_CLAIMS,
            EventSources::claimAsRequested,
            starts),
        specInformer(
            context, NetworkPolicy.class, NETWORK_POLICIES, NetworkPolicy::getSpec, starts),
        informer(context, Job.class, JOBS, starts),
        informer(context, Role.class, ROLES, starts),
        informer(context, RoleBinding.class, ROLE_BINDINGS, starts),
        informer(
            context,
            Pod.class,
            BACKUP_PODS,
            Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Labels.COMPONENT_BACKUP,
            starts),
        apiPods(context, starts),
        databasePods(context, starts),
        redisPods(context, starts));
  }

  /**
   * API pods are cached for their start-up failures; only a failed migration reconciles at once
   * (readiness changes reach the operator through the Deployments' status anyway).
   */
  static InformerEventSource<Pod, SuperNovaStack> apiPods(
      EventSourceContext<SuperNovaStack> context, InformerStarts starts) {
    return StackInformerEventSource.of(
        configuration(
                context,
                Pod.class,
                API_PODS,
                Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Labels.COMPONENT_API)
            .withOnUpdateFilter(
                (now, before) ->
                    MigrationFailure.of(now).isPresent() && MigrationFailure.of(before).isEmpty())
            .withOnDeleteFilter((pod, unknownState) -> false),
        pod -> MigrationFailure.of(pod).isPresent(),
        context,
        starts);
  }

  /**
   * Database pods: only a change of a member's role (a failover, a rejoin), of the point-in-time
   * recovery's init container (started, failed, done) or of what the archiving report says
   * reconciles; Patroni's 10 s state writes and the report's 15 s refreshes alone do not.
   */
  static InformerEventSource<Pod, SuperNovaStack> databasePods(
      EventSourceContext<SuperNovaStack> context, InformerStarts starts) {
    return StackInformerEventSource.of(
        configuration(
                context,
                Pod.class,
                DATABASE_PODS,
                Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Labels.COMPONENT_DATABASE)
            .withOnUpdateFilter(
                (now, before) ->
                    !Objects.equals(
                            now.getMetadata().getLabels().get(PatroniConfig.ROLE_LABEL),
                            before.getMetadata().getLabels().get(PatroniConfig.ROLE_LABEL))
                        || !PointInTimeRecoveryObserver.stateOf(now)
                            .equals(PointInTimeRecoveryObserver.stateOf(before))
                        || ArchivingObserver.changesStatus(now, before, Instant.now())),
        null,
        context,
        starts);
  }

  /**
   * Redis pods that labelled themselves with a role: only sentinel-mode pods do, and only their
   * role is read ({@link RedisMasterObserver}). The API server sends the operator no event of a
   * standalone Redis pod (one per stack, each starting one changing several times). A change of the
   * role reconciles (a failover, a rejoin); readiness reaches the operator through the
   * StatefulSet's status.
   */
  static InformerEventSource<Pod, SuperNovaStack> redisPods(
      EventSourceContext<SuperNovaStack> context, InformerStarts starts) {
    return StackInformerEventSource.of(
        configuration(context, Pod.class, REDIS_PODS, REDIS_PODS_SELECTOR)
            .withOnUpdateFilter(
                (now, before) ->
                    !Objects.equals(
                        RedisMasterObserver.role(now), RedisMasterObserver.role(before))),
        null,
        context,
        starts);
  }

  static <R extends HasMetadata> InformerEventSource<R, SuperNovaStack> informer(
      EventSourceContext<SuperNovaStack> context,
      Class<R> type,
      String name,
      InformerStarts starts) {
    return informer(context, type, name, Labels.MANAGED_SELECTOR, starts);
  }

  /**
   * An informer whose objects' status changes do not reconcile (see SpecOrMetadataChanged); {@code
   * spec} is what is compared for kinds without a generation.
   */
  static <R extends HasMetadata> InformerEventSource<R, SuperNovaStack> specInformer(
      EventSourceContext<SuperNovaStack> context,
      Class<R> type,
      String name,
      Function<R, ?> spec,
      InformerStarts starts) {
    return StackInformerEventSource.of(
        configuration(context, type, name, Labels.MANAGED_SELECTOR)
            .withOnUpdateFilter(new SpecOrMetadataChanged<>(spec)),
        null,
        context,
        starts);
  }

  /**
   * A claim's spec as it was asked for: without the volume the binder names in it, which the
   * operator never reads (it reads the requested size and the class).
   */
  static PersistentVolumeClaimSpec claimAsRequested(PersistentVolumeClaim claim) {
    return claim.getSpec() == null
        ? null
        : new PersistentVolumeClaimSpecBuilder(claim.getSpec()).withVolumeName(null).build();
  }

  static <R extends HasMetadata> InformerEventSource<R, SuperNovaStack> informer(
      EventSourceContext<SuperNovaStack> context,
      Class<R> type,
      String name,
      String selector,
      InformerStarts starts) {
    return StackInformerEventSource.of(
        configuration(context, type, name, selector), null, context, starts);
  }

  /**
   * Every informer: the operator's objects only, pruned of what it never reads, listed in pages;
   * its kind registered with the client's serialization, which reads watch events by kind ({@link
   * com.supernovaai.operator.cache.OperatorSerialization}).
   */
  private static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> configuration(
      EventSourceContext<SuperNovaStack> context, Class<R> type, String name, String selector) {
    context.getClient().getKubernetesSerialization().registerKubernetesResource(type);
    return InformerEventSourceConfiguration.from(type, SuperNovaStack.class)
        .withName(name)
        .withLabelSelector(selector)
        .withItemStore(
            PrunedItemStore.forNamespaces(
                context.getControllerConfiguration().getEffectiveNamespaces()))
        .withInformerListLimit(ListPages.SIZE)
        .withSecondaryToPrimaryMapper(byInstanceLabel());
  }

  static <R extends HasMetadata> SecondaryToPrimaryMapper<R> byInstanceLabel() {
    return resource -> {
      var labels = resource.getMetadata().getLabels();
      String stack = labels == null ? null : labels.get(Labels.INSTANCE);
      return stack == null
          ? Set.of()
          : Set.of(new ResourceID(stack, resource.getMetadata().getNamespace()));
    };
  }
}
