package com.supernovaai.operator.migration;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves Deployments and StatefulSets made before selectors carried {@code app.kubernetes.io/name}
 * to the new selector. A selector cannot change, so the object is deleted with propagation Orphan
 * (its ReplicaSets, pods and claims stay, and keep serving) and created again with the same
 * metadata and spec under the new selector; the controllers then adopt what was orphaned, since the
 * pods already carry the name label. Nothing is deleted but the workload object itself; never a
 * claim.
 */
public final class SelectorMigration {

  private static final Logger LOG = LoggerFactory.getLogger(SelectorMigration.class);

  /** How long an orphaning delete may take (the garbage collector removes owner references). */
  private static final long GONE_SECONDS = 30;

  private SelectorMigration() {}

  /** Pure: a workload selector from before the name label (one of the stack's, by instance). */
  public static boolean outdated(LabelSelector selector) {
    return selector != null
        && selector.getMatchLabels() != null
        && selector.getMatchLabels().containsKey(Labels.INSTANCE)
        && !selector.getMatchLabels().containsKey(Labels.NAME);
  }

  /** Pure: the selector an outdated one becomes: the same labels plus the name label. */
  public static Map<String, String> migrated(LabelSelector selector) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.NAME, Labels.APP);
    labels.putAll(selector.getMatchLabels());
    return labels;
  }

  /** Pure: the Deployment to create in place of {@code old}, under the migrated selector. */
  public static Deployment replacement(Deployment old) {
    Map<String, String> selector = migrated(old.getSpec().getSelector());
    return new DeploymentBuilder()
        .withMetadata(metadata(old.getMetadata()))
        .withSpec(
            new DeploymentSpecBuilder(old.getSpec())
                .withNewSelector()
                .withMatchLabels(selector)
                .endSelector()
                .withTemplate(template(old.getSpec().getTemplate(), selector))
                .build())
        .build();
  }

  /** Pure: the StatefulSet to create in place of {@code old}, under the migrated selector. */
  public static StatefulSet replacement(StatefulSet old) {
    Map<String, String> selector = migrated(old.getSpec().getSelector());
    return new StatefulSetBuilder()
        .withMetadata(metadata(old.getMetadata()))
        .withSpec(
            new StatefulSetSpecBuilder(old.getSpec())
                .withNewSelector()
                .withMatchLabels(selector)
                .endSelector()
                .withTemplate(template(old.getSpec().getTemplate(), selector))
                .build())
        .build();
  }

  /**
   * Replaces the stack's outdated workloads; true when any was outdated in the cache, so that the
   * caller waits for the caches to see the new objects before it reconciles them. Each is read
   * again from the API server first: a cache that has not yet seen a replacement must not make the
   * operator replace it a second time.
   */
  public static boolean run(SuperNovaStack stack, Context<SuperNovaStack> context) {
    KubernetesClient client = context.getClient();
    boolean pending = false;
    for (StatefulSet cached : context.getSecondaryResourcesAsStream(StatefulSet.class).toList()) {
      if (outdated(cached.getSpec().getSelector())) {
        pending = true;
        StatefulSet live = client.resource(cached).get();
        if (live != null && outdated(live.getSpec().getSelector())) {
          replace(client, live, replacement(live));
        }
      }
    }
    for (Deployment cached : context.getSecondaryResourcesAsStream(Deployment.class).toList()) {
      if (outdated(cached.getSpec().getSelector())) {
        pending = true;
        Deployment live = client.resource(cached).get();
        if (live != null && outdated(live.getSpec().getSelector())) {
          replace(client, live, replacement(live));
        }
      }
    }
    return pending;
  }

  private static <R extends HasMetadata> void replace(KubernetesClient client, R old, R next) {
    var current = client.resource(old);
    current.withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
    current.waitUntilCondition(r -> r == null, GONE_SECONDS, TimeUnit.SECONDS);
    client.resource(next).create();
    LOG.info(
        "Replaced {} {}/{} to add {} to its selector (pods and claims kept)",
        old.getKind(),
        old.getMetadata().getNamespace(),
        old.getMetadata().getName(),
        Labels.NAME);
  }

  private static ObjectMeta metadata(ObjectMeta old) {
    return new ObjectMetaBuilder()
        .withName(old.getName())
        .withNamespace(old.getNamespace())
        .withLabels(old.getLabels())
        .withAnnotations(old.getAnnotations())
        .withOwnerReferences(old.getOwnerReferences())
        .build();
  }

  private static PodTemplateSpec template(PodTemplateSpec old, Map<String, String> selector) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (old.getMetadata() != null && old.getMetadata().getLabels() != null) {
      labels.putAll(old.getMetadata().getLabels());
    }
    labels.putAll(selector);
    return new PodTemplateSpecBuilder(old)
        .editOrNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
