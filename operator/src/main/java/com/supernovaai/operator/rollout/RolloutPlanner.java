package com.supernovaai.operator.rollout;

import static com.supernovaai.operator.rollout.RolloutAnnotations.ABORTED;
import static com.supernovaai.operator.rollout.RolloutAnnotations.ABORT_DETAIL;
import static com.supernovaai.operator.rollout.RolloutAnnotations.STARTED_AT;
import static com.supernovaai.operator.rollout.RolloutAnnotations.TEMPLATE_HASH;
import static com.supernovaai.operator.status.Reasons.ABORT_REQUESTED;
import static com.supernovaai.operator.status.Reasons.MIGRATION_FAILED;
import static com.supernovaai.operator.status.Reasons.PROGRESS_DEADLINE_EXCEEDED;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.ApiSpec;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutSpec;
import com.supernovaai.operator.model.RolloutStatus;
import com.supernovaai.operator.model.RolloutStrategy;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutPlan.Action;
import com.supernovaai.operator.rollout.RolloutPlan.Notice;
import com.supernovaai.operator.status.EventReasons;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The blue-green state machine of the API server, as a pure function: from the spec, the status,
 * the observed Deployments and the active Service, the plan of one reconciliation.
 *
 * <p>The state lives in the cluster, so that a restarted operator resumes instead of starting over:
 * the active color is what the active Service selects (the switch and its time are one write), the
 * template a Deployment runs is in its {@link RolloutAnnotations#TEMPLATE_HASH} annotation, a
 * rollout's start and abort are annotations of the preview Deployment. Status mirrors them.
 */
public final class RolloutPlanner {

  /** Field manager that holds spec.replicas while it passes from the operator to the HPA. */
  public static final String HANDOVER_FIELD_MANAGER = "supernova-operator-hpa-handover";

  /** How often a rollout in progress is looked at even without events. */
  static final Duration POLL = Duration.ofSeconds(5);

  private RolloutPlanner() {}

  public static RolloutPlan plan(RolloutInput in) {
    return new Planning(in).plan();
  }

  /** The color that is not {@code color}. */
  public static String other(String color) {
    return StackNames.BLUE.equals(color) ? StackNames.GREEN : StackNames.BLUE;
  }

  /**
   * The color traffic goes to: what the active Service selects; before the Service exists, what
   * status says; else blue (or green when only green exists).
   */
  public static String activeColor(RolloutInput in) {
    var service = in.activeService();
    if (service != null && service.getSpec() != null && service.getSpec().getSelector() != null) {
      String color = service.getSpec().getSelector().get(Labels.COLOR);
      if (isColor(color)) {
        return color;
      }
    }
    var status = in.stack().getStatus();
    if (status != null && status.getApi() != null && isColor(status.getApi().getActiveColor())) {
      return status.getApi().getActiveColor();
    }
    return in.blue() == null && in.green() != null ? StackNames.GREEN : StackNames.BLUE;
  }

  /**
   * The Deployment has its current template, all {@code size} pods of it available (Ready for
   * minReadySeconds) and no pods of an older template left.
   */
  public static boolean promotable(Deployment d, int size) {
    if (d == null || d.getStatus() == null || !Objects.equals(d.getSpec().getReplicas(), size)) {
      return false;
    }
    var s = d.getStatus();
    Long generation = d.getMetadata().getGeneration();
    return s.getObservedGeneration() != null
        && generation != null
        && s.getObservedGeneration() >= generation
        && value(s.getUpdatedReplicas()) == size
        && value(s.getReplicas()) == size
        && value(s.getAvailableReplicas()) >= size
        && value(s.getReadyReplicas()) >= size
        && value(s.getUnavailableReplicas()) == 0;
  }

  /** Whether {@code fieldManager} holds spec.replicas of the Deployment through an apply. */
  @SuppressWarnings("unchecked")
  public static boolean appliesReplicas(Deployment d, String fieldManager) {
    if (d == null || fieldManager == null || d.getMetadata().getManagedFields() == null) {
      return false;
    }
    return d.getMetadata().getManagedFields().stream()
        .filter(m -> fieldManager.equals(m.getManager()) && "Apply".equals(m.getOperation()))
        .filter(m -> m.getSubresource() == null || m.getSubresource().isEmpty())
        .anyMatch(
            m -> {
              if (m.getFieldsV1() == null || m.getFieldsV1().getAdditionalProperties() == null) {
                return false;
              }
              Object spec = m.getFieldsV1().getAdditionalProperties().get("f:spec");
              return spec instanceof Map<?, ?> map && map.containsKey("f:replicas");
            });
  }

  private static boolean isColor(String color) {
    return StackNames.BLUE.equals(color) || StackNames.GREEN.equals(color);
  }

  private static int value(Integer i) {
    return i == null ? 0 : i;
  }

  /** One planning pass; fields are the inputs read once. */
  private static final class Planning {
    private final RolloutInput in;
    private final SuperNovaStack stack;
    private final ApiSpec api;
    private final RolloutSpec rollout;
    private final Instant now;
    private final String hash;
    private final String image;
    private final String active;
    private final String preview;
    private final Deployment activeDeployment;
    private final Deployment previewDeployment;
    private final Instant promotedAt;
    private final String previousImage;
    private final boolean promoteRequested;
    private final boolean abortRequested;
    private final Integer activeReplicas;

    private final Set<String> consumed = new LinkedHashSet<>();
    private final List<Notice> notices = new ArrayList<>();

    Planning(RolloutInput in) {
      this.in = in;
      this.stack = in.stack();
      this.api = stack.getSpec().getApi();
      this.rollout = api.getRollout() == null ? new RolloutSpec() : api.getRollout();
      this.now = in.now().truncatedTo(ChronoUnit.SECONDS);
      this.hash = in.templateHash();
      this.image = api.getImage();
      this.active = activeColor(in);
      this.preview = other(active);
      this.activeDeployment = deployment(active);
      this.previewDeployment = deployment(preview);
      this.promotedAt =
          in.activeService() == null
              ? null
              : instant(annotation(in.activeService().getMetadata().getAnnotations(), PROMOTED));
      this.previousImage =
          in.activeService() == null
              ? null
              : annotation(
                  in.activeService().getMetadata().getAnnotations(),
                  RolloutAnnotations.PREVIOUS_IMAGE);
      this.promoteRequested = requested(SuperNovaStack.PROMOTE_ANNOTATION);
      this.abortRequested = requested(SuperNovaStack.ABORT_ANNOTATION);
      boolean autoscaling =
          api.getAutoscaling() != null && Boolean.TRUE.equals(api.getAutoscaling().getEnabled());
      this.activeReplicas = autoscaling ? null : api.getReplicas();
    }

    private static final String PROMOTED = RolloutAnnotations.PROMOTED_AT;

    /**
     * The operator's apply holds spec.replicas and the hand-over manager does not yet: the next
     * apply without replicas would reset them, so they are handed over first (once).
     */
    private boolean needsHandover(Deployment d) {
      return appliesReplicas(d, in.fieldManager()) && !appliesReplicas(d, HANDOVER_FIELD_MANAGER);
    }

    /**
     * The size a new active Deployment is created with: with autoscaling, the HPA's minReplicas
     * (handed over to the HPA by the next reconciliation), so the stack does not become Ready at
     * one pod and then wait for the HPA to scale it up.
     */
    private Integer initialReplicas() {
      return activeReplicas != null ? activeReplicas : api.getAutoscaling().getMinReplicas();
    }

    RolloutPlan plan() {
      if (rollout.getStrategy() == RolloutStrategy.RollingUpdate) {
        return rollingUpdate();
      }
      if (activeDeployment == null) {
        // A new stack (or the active Deployment deleted by hand): the active color gets the spec.
        ColorPlan other = previewDeployment == null ? ColorPlan.ABSENT : ColorPlan.keep(null);
        ignoreRequests("no rollout is in progress");
        return steadyPlan(
            ColorPlan.render(initialReplicas(), Map.of(TEMPLATE_HASH, hash)),
            other,
            Action.NONE,
            idle());
      }
      String activeHash = annotation(activeDeployment, TEMPLATE_HASH);
      // No hash: a Deployment from before blue-green; adopt it in place rather than roll out.
      if (activeHash == null || activeHash.equals(hash)) {
        return steady();
      }
      return rollingOut();
    }

    /** The active color runs the desired template; the other one is idle or kept for rollback. */
    private RolloutPlan steady() {
      Map<String, String> activeAnnotations = new LinkedHashMap<>();
      activeAnnotations.put(TEMPLATE_HASH, hash);
      String started = annotation(activeDeployment, STARTED_AT);
      if (started != null) {
        activeAnnotations.put(STARTED_AT, started);
      }
      ColorPlan activePlan = ColorPlan.render(activeReplicas, activeAnnotations);
      Deployment old = previewDeployment;
      if (old == null) {
        ignoreRequests("no rollout is in progress");
        return steadyPlan(activePlan, ColorPlan.ABSENT, Action.NONE, idle());
      }
      if (keptForRollback(old)) {
        ignoreRequest(SuperNovaStack.PROMOTE_ANNOTATION, "no rollout is waiting for promotion");
        ignoreRequest(
            SuperNovaStack.ABORT_ANNOTATION,
            "the rollout was already promoted; set spec.api.image back to "
                + imageOf(old)
                + " for an instant rollback");
        RolloutStatus status = status(RolloutPhase.Promoting, image, startedAt(activeDeployment));
        status.setMessage(
            "Traffic on "
                + active
                + " ("
                + image
                + "); "
                + preview
                + " is kept at full size until "
                + scaleDownAt()
                + " for an instant rollback");
        return steadyPlan(activePlan, ColorPlan.keep(null), Action.NONE, status);
      }
      ignoreRequests("no rollout is in progress");
      Action action = Action.NONE;
      if (value(old.getSpec().getReplicas()) > 0) {
        boolean wasOldColor = promotedAt != null && !startedAfterPromotion(old);
        action = wasOldColor ? Action.SCALED_DOWN : Action.CANCELLED;
        notices.add(
            wasOldColor
                ? new Notice(
                    "Normal",
                    EventReasons.SCALED_DOWN,
                    "Scaled the old color "
                        + preview
                        + " to 0 after the scale-down delay of "
                        + rollout.getScaleDownDelaySeconds()
                        + "s")
                : new Notice(
                    "Normal",
                    EventReasons.ROLLOUT_CANCELLED,
                    "spec.api.image is the active image again ("
                        + image
                        + "): scaled the preview "
                        + preview
                        + " to 0; traffic stayed on "
                        + active));
      }
      // An idle color may carry any template at 0 pods; giving it the current one costs no pods.
      return steadyPlan(
          activePlan, ColorPlan.render(0, Map.of(TEMPLATE_HASH, hash)), action, idle());
    }

    /** The spec asks for a template the active color does not run. */
    private RolloutPlan rollingOut() {
      ColorPlan keepActive = ColorPlan.keep(activeReplicas);
      Deployment candidate = previewDeployment;
      boolean sameTarget = candidate != null && hash.equals(annotation(candidate, TEMPLATE_HASH));
      String abortedReason = sameTarget ? annotation(candidate, ABORTED) : null;

      if (sameTarget
          && abortedReason == null
          && keptForRollback(candidate)
          && promotable(candidate, value(candidate.getSpec().getReplicas()))) {
        // The old color still runs exactly this template at full size: switch back at once.
        ignoreRequest(SuperNovaStack.ABORT_ANNOTATION, "a rollback cannot be aborted");
        consumeIfSet(SuperNovaStack.PROMOTE_ANNOTATION);
        notices.add(
            new Notice(
                "Normal",
                EventReasons.ROLLED_BACK,
                "Traffic switched back from " + active + " to " + preview + " (" + image + ")"));
        return promote(startedAt(candidate), Action.ROLLED_BACK);
      }

      if (abortedReason != null) {
        ignoreRequests("the rollout of " + image + " was already aborted");
        String detail = annotation(candidate, ABORT_DETAIL);
        RolloutStatus status = status(RolloutPhase.Aborted, image, startedAt(candidate));
        status.setReason(abortedReason);
        status.setMessage(abortMessage(abortedReason, detail));
        return rolloutPlan(
            keepActive, abortedPreview(candidate, abortedReason, detail), Action.NONE, status);
      }

      Action action = Action.NONE;
      Instant started = sameTarget ? startedAt(candidate) : null;
      if (started == null) {
        started = now;
        boolean replacing =
            candidate != null
                && value(candidate.getSpec().getReplicas()) > 0
                && !keptForRollback(candidate);
        action = replacing ? Action.REPLACED : Action.STARTED;
        notices.add(
            new Notice(
                "Normal",
                replacing ? EventReasons.ROLLOUT_REPLACED : EventReasons.ROLLOUT_STARTED,
                (replacing ? "A newer template replaces the preview: rolling out " : "Rolling out ")
                    + image
                    + " as "
                    + preview
                    + " ("
                    + previewSize()
                    + " pods); traffic stays on "
                    + active));
      }

      if (abortRequested) {
        consumed.add(SuperNovaStack.ABORT_ANNOTATION);
        consumeIfSet(SuperNovaStack.PROMOTE_ANNOTATION);
        return abort(started, ABORT_REQUESTED, null, keepActive);
      }

      // Pods of this template that cannot migrate the schema will never pass the gates.
      Optional<String> migration =
          sameTarget ? MigrationFailure.among(in.apiPods(), preview, image) : Optional.empty();
      if (migration.isPresent()) {
        return abort(started, MIGRATION_FAILED, migration.get(), keepActive);
      }

      int size = previewSize();
      boolean gates = sameTarget && promotable(candidate, size);
      if (gates && (Boolean.TRUE.equals(rollout.getAutoPromotion()) || promoteRequested)) {
        consumeIfSet(SuperNovaStack.PROMOTE_ANNOTATION);
        notices.add(
            new Notice(
                "Normal",
                EventReasons.PROMOTED,
                "Traffic switched from "
                    + active
                    + " to "
                    + preview
                    + " ("
                    + image
                    + ") "
                    + Duration.between(started, now).toSeconds()
                    + "s after the rollout started"));
        return promote(started, Action.PROMOTED);
      }
      Instant deadline = started.plusSeconds(rollout.getProgressDeadlineSeconds());
      if (!gates && !now.isBefore(deadline)) {
        return abort(started, PROGRESS_DEADLINE_EXCEEDED, null, keepActive);
      }

      // Waiting: for the preview to pass the gates, or for the promote annotation. A promote
      // annotation set early stays until the gates pass.
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put(TEMPLATE_HASH, hash);
      annotations.put(STARTED_AT, started.toString());
      RolloutStatus status = status(RolloutPhase.Progressing, image, started);
      int available = sameTarget ? availableOfTemplate(candidate) : 0;
      status.setPreviewReplicas(size);
      status.setPreviewAvailableReplicas(available);
      status.setProgress(available + "/" + size);
      status.setMessage(
          gates
              ? preview
                  + " ("
                  + image
                  + ") passed the promotion gates; annotate "
                  + SuperNovaStack.PROMOTE_ANNOTATION
                  + "=true to switch traffic"
              : "Rolling out "
                  + image
                  + " as "
                  + preview
                  + ": "
                  + available
                  + "/"
                  + size
                  + " pods available");
      Duration untilDeadline = Duration.between(now, deadline);
      Duration requeue =
          gates ? null : untilDeadline.compareTo(POLL) < 0 ? untilDeadline.plusSeconds(1) : POLL;
      return new RolloutPlan(
          active,
          preview,
          colorPlan(StackNames.BLUE, keepActive, ColorPlan.render(size, annotations)),
          colorPlan(StackNames.GREEN, keepActive, ColorPlan.render(size, annotations)),
          promotedAtValue(),
          null,
          action,
          status,
          imageOf(activeDeployment),
          previousImage,
          preview,
          Set.copyOf(consumed),
          List.copyOf(notices),
          null,
          requeue);
    }

    /** Traffic switches to the preview color in this reconciliation. */
    private RolloutPlan promote(Instant started, Action action) {
      String newActive = preview;
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put(TEMPLATE_HASH, hash);
      if (started != null) {
        annotations.put(STARTED_AT, started.toString());
      }
      ColorPlan promoted = ColorPlan.render(activeReplicas, annotations);
      // The old color keeps its pods (and the HPA-set count) for the scale-down delay.
      ColorPlan old = ColorPlan.keep(null);
      RolloutStatus status = status(RolloutPhase.Promoting, image, started);
      status.setPromotedAt(now.toString());
      Instant scaleDown = now.plusSeconds(rollout.getScaleDownDelaySeconds());
      status.setMessage(
          "Traffic on "
              + newActive
              + " ("
              + image
              + "); "
              + active
              + " is kept at full size until "
              + scaleDown
              + " for an instant rollback");
      boolean handover = activeReplicas == null && needsHandover(previewDeployment);
      return new RolloutPlan(
          newActive,
          newActive,
          StackNames.BLUE.equals(newActive) ? promoted : old,
          StackNames.GREEN.equals(newActive) ? promoted : old,
          now.toString(),
          handover ? newActive : null,
          action,
          status,
          image,
          // What served until now is the rollback target, recorded with the switch.
          imageOf(activeDeployment),
          null,
          Set.copyOf(consumed),
          List.copyOf(notices),
          action == Action.PROMOTED && started != null ? Duration.between(started, now) : null,
          Duration.ofSeconds(rollout.getScaleDownDelaySeconds()).plusSeconds(1));
    }

    /** The preview is scaled to 0 and marked aborted; traffic never left the active color. */
    private RolloutPlan abort(Instant started, String reason, String detail, ColorPlan keepActive) {
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put(TEMPLATE_HASH, hash);
      annotations.put(STARTED_AT, started.toString());
      annotations.put(ABORTED, reason);
      if (detail != null) {
        annotations.put(ABORT_DETAIL, detail);
      }
      RolloutStatus status = status(RolloutPhase.Aborted, image, started);
      status.setReason(reason);
      status.setMessage(abortMessage(reason, detail));
      return new RolloutPlan(
          active,
          preview,
          colorPlan(StackNames.BLUE, keepActive, ColorPlan.render(0, annotations)),
          colorPlan(StackNames.GREEN, keepActive, ColorPlan.render(0, annotations)),
          promotedAtValue(),
          null,
          Action.ABORTED,
          status,
          imageOf(activeDeployment),
          previousImage,
          preview,
          Set.copyOf(consumed),
          List.copyOf(notices),
          null,
          null);
    }

    private ColorPlan abortedPreview(Deployment candidate, String reason, String detail) {
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put(TEMPLATE_HASH, hash);
      String started = annotation(candidate, STARTED_AT);
      if (started != null) {
        annotations.put(STARTED_AT, started);
      }
      annotations.put(ABORTED, reason);
      if (detail != null) {
        annotations.put(ABORT_DETAIL, detail);
      }
      return ColorPlan.render(0, annotations);
    }

    private RolloutPlan rollingUpdate() {
      ignoreRequests("strategy RollingUpdate has nothing to promote or abort");
      Map<String, String> annotations = Map.of(TEMPLATE_HASH, hash);
      boolean handover = activeReplicas == null && needsHandover(activeDeployment);
      Integer replicas = activeDeployment == null ? initialReplicas() : activeReplicas;
      return new RolloutPlan(
          active,
          null,
          colorPlan(StackNames.BLUE, ColorPlan.render(replicas, annotations), ColorPlan.ABSENT),
          colorPlan(StackNames.GREEN, ColorPlan.render(replicas, annotations), ColorPlan.ABSENT),
          promotedAtValue(),
          handover ? active : null,
          Action.NONE,
          idle(),
          image,
          previousImage,
          null,
          Set.copyOf(consumed),
          List.copyOf(notices),
          null,
          null);
    }

    private RolloutPlan steadyPlan(
        ColorPlan activePlan, ColorPlan otherPlan, Action action, RolloutStatus status) {
      boolean handover =
          activePlan.replicas() == null
              && activePlan.mode() == ColorPlan.Mode.RENDER
              && needsHandover(activeDeployment);
      Duration requeue = null;
      if (otherPlan.mode() == ColorPlan.Mode.KEEP && promotedAt != null) {
        requeue = Duration.between(now, scaleDownAt()).plusSeconds(1);
        if (requeue.isNegative()) {
          requeue = Duration.ofSeconds(1);
        }
      }
      return new RolloutPlan(
          active,
          active,
          colorPlan(StackNames.BLUE, activePlan, otherPlan),
          colorPlan(StackNames.GREEN, activePlan, otherPlan),
          promotedAtValue(),
          handover ? active : null,
          action,
          status,
          activeDeployment == null ? image : imageOf(activeDeployment),
          previousImage,
          null,
          Set.copyOf(consumed),
          List.copyOf(notices),
          null,
          requeue);
    }

    private RolloutPlan rolloutPlan(
        ColorPlan activePlan, ColorPlan previewPlan, Action action, RolloutStatus status) {
      return new RolloutPlan(
          active,
          preview,
          colorPlan(StackNames.BLUE, activePlan, previewPlan),
          colorPlan(StackNames.GREEN, activePlan, previewPlan),
          promotedAtValue(),
          null,
          action,
          status,
          imageOf(activeDeployment),
          previousImage,
          preview,
          Set.copyOf(consumed),
          List.copyOf(notices),
          null,
          null);
    }

    /** The plan of {@code color}: the active one's or the other one's. */
    private ColorPlan colorPlan(String color, ColorPlan activePlan, ColorPlan otherPlan) {
      return color.equals(active) ? activePlan : otherPlan;
    }

    /** The old color, within the scale-down delay after it last served traffic. */
    private boolean keptForRollback(Deployment d) {
      return d != null
          && promotedAt != null
          && now.isBefore(scaleDownAt())
          && value(d.getSpec().getReplicas()) > 0
          && !startedAfterPromotion(d);
    }

    /** A preview started after the last switch: not the color that served before it. */
    private boolean startedAfterPromotion(Deployment d) {
      Instant started = startedAt(d);
      return started != null && promotedAt != null && !started.isBefore(promotedAt);
    }

    private Instant scaleDownAt() {
      return promotedAt.plusSeconds(rollout.getScaleDownDelaySeconds());
    }

    private int previewSize() {
      if (rollout.getPreviewReplicas() != null) {
        return rollout.getPreviewReplicas();
      }
      Integer current = activeDeployment.getSpec().getReplicas();
      if (current == null && activeDeployment.getStatus() != null) {
        current = activeDeployment.getStatus().getReplicas();
      }
      if (current == null) {
        current = api.getReplicas();
      }
      return Math.max(1, value(current));
    }

    private String abortMessage(String reason, String detail) {
      String why =
          switch (reason) {
            case ABORT_REQUESTED ->
                "abort requested with the annotation " + SuperNovaStack.ABORT_ANNOTATION;
            case MIGRATION_FAILED ->
                "the database migration of "
                    + preview
                    + " failed ("
                    + (detail == null ? "see its pod's termination message" : detail)
                    + "); migrations applied before the failure stay";
            default ->
                preview
                    + " did not pass the promotion gates within progressDeadlineSeconds ("
                    + rollout.getProgressDeadlineSeconds()
                    + "s)";
          };
      return "Rollout of "
          + image
          + " aborted: "
          + why
          + "; traffic stayed on "
          + active
          + ". Change spec.api.image to retry or roll back";
    }

    private RolloutStatus idle() {
      RolloutStatus status = new RolloutStatus();
      status.setPhase(RolloutPhase.Idle);
      status.setPromotedAt(promotedAtValue());
      return status;
    }

    private RolloutStatus status(RolloutPhase phase, String target, Instant started) {
      RolloutStatus status = new RolloutStatus();
      status.setPhase(phase);
      status.setTargetImage(target);
      status.setStartedAt(started == null ? null : started.toString());
      status.setPromotedAt(promotedAtValue());
      return status;
    }

    private String promotedAtValue() {
      return promotedAt == null ? null : promotedAt.toString();
    }

    private boolean requested(String annotation) {
      String value = annotation(stack.getMetadata().getAnnotations(), annotation);
      return value != null && !"false".equalsIgnoreCase(value.trim());
    }

    private void ignoreRequests(String why) {
      ignoreRequest(SuperNovaStack.PROMOTE_ANNOTATION, why);
      ignoreRequest(SuperNovaStack.ABORT_ANNOTATION, why);
    }

    /** An annotation that asks for nothing possible now: removed, with an Event saying why. */
    private void ignoreRequest(String annotation, String why) {
      if (annotation(stack.getMetadata().getAnnotations(), annotation) != null) {
        consumed.add(annotation);
        String reason =
            SuperNovaStack.PROMOTE_ANNOTATION.equals(annotation)
                ? EventReasons.PROMOTE_IGNORED
                : EventReasons.ABORT_IGNORED;
        notices.add(new Notice("Normal", reason, "Ignored and removed " + annotation + ": " + why));
      }
    }

    private void consumeIfSet(String annotation) {
      if (annotation(stack.getMetadata().getAnnotations(), annotation) != null) {
        consumed.add(annotation);
      }
    }

    private Deployment deployment(String color) {
      return StackNames.GREEN.equals(color) ? in.green() : in.blue();
    }

    private static Instant startedAt(Deployment d) {
      return d == null ? null : instant(annotation(d, STARTED_AT));
    }

    private static String imageOf(Deployment d) {
      if (d == null || d.getSpec() == null || d.getSpec().getTemplate() == null) {
        return null;
      }
      var containers = d.getSpec().getTemplate().getSpec().getContainers();
      return containers == null || containers.isEmpty() ? null : containers.get(0).getImage();
    }

    /** Pods of the Deployment's current template that are available, as far as status tells. */
    private static int availableOfTemplate(Deployment d) {
      var s = d.getStatus();
      if (s == null
          || s.getObservedGeneration() == null
          || d.getMetadata().getGeneration() == null
          || s.getObservedGeneration() < d.getMetadata().getGeneration()) {
        return 0;
      }
      return Math.min(value(s.getUpdatedReplicas()), value(s.getAvailableReplicas()));
    }

    private static String annotation(Deployment d, String key) {
      return d == null ? null : annotation(d.getMetadata().getAnnotations(), key);
    }

    private static String annotation(Map<String, String> annotations, String key) {
      return annotations == null ? null : annotations.get(key);
    }

    private static Instant instant(String value) {
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
