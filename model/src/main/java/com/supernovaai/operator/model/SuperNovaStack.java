package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One SuperNova deployment: API server, TimescaleDB, PgBouncer, Redis and backups. */
@Group(SuperNovaStack.GROUP)
@Version(SuperNovaStack.VERSION)
@Kind(SuperNovaStack.KIND)
@Plural(SuperNovaStack.PLURAL)
@Singular("supernovastack")
@ShortNames("sns")
@ValidationRule(value = StackName.RULE, message = StackName.MESSAGE, optionalOldSelf = true)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "Status of the Ready condition")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    getDescription = "Human-readable summary of the state")
@AdditionalPrinterColumn(
    name = "Active",
    jsonPath = ".status.api.activeColor",
    getDescription = "Color of the API Deployment that serves traffic")
@AdditionalPrinterColumn(
    name = "Image",
    jsonPath = ".status.api.activeImage",
    getDescription = "API server image that serves traffic")
@AdditionalPrinterColumn(
    name = "Previous",
    jsonPath = ".status.api.previousImage",
    getDescription = "API server image before the last switch: the rollback target",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Rollout",
    jsonPath = ".status.rollout.phase",
    getDescription = "Phase of the API rollout")
@AdditionalPrinterColumn(
    name = "Preview",
    jsonPath = ".status.rollout.progress",
    getDescription = "Available/desired pods of the preview color during a rollout")
@AdditionalPrinterColumn(
    name = "Canary",
    jsonPath = ".status.rollout.canaryWeight",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Percent of the API pods behind the active Service on the new version")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SuperNovaStack extends CustomResource<SuperNovaStackSpec, SuperNovaStackStatus>
    implements Namespaced {

  public static final String GROUP = "ops.supernova-ai.com";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "SuperNovaStack";
  public static final String PLURAL = "supernovastacks";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** Annotation that stops all changes to the stack's objects while set to "true". */
  public static final String PAUSE_ANNOTATION = GROUP + "/pause-reconciliation";

  /** Annotation that promotes a pending blue-green rollout (manual promotion). */
  public static final String PROMOTE_ANNOTATION = GROUP + "/promote";

  /** Annotation that aborts a pending blue-green rollout. */
  public static final String ABORT_ANNOTATION = GROUP + "/abort";

  /**
   * Annotation that runs one backup now; each new value runs one more (e.g. a timestamp), the same
   * value never twice.
   */
  public static final String BACKUP_NOW_ANNOTATION = GROUP + "/backup-now";

  /**
   * No spec on a fresh object: JOSDK applies fresh objects (finalizer, status) with server-side
   * apply, and a spec full of Java defaults would take ownership of, and overwrite, the user's
   * fields.
   */
  @Override
  protected SuperNovaStackSpec initSpec() {
    return null;
  }

  @Override
  protected SuperNovaStackStatus initStatus() {
    return null;
  }

  /** True when the pause annotation is set to "true". */
  @JsonIgnore
  public boolean isPaused() {
    var annotations = getMetadata() == null ? null : getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(PAUSE_ANNOTATION));
  }
}
