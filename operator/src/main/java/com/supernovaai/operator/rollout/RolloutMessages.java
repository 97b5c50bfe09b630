package com.supernovaai.operator.rollout;

import static com.supernovaai.operator.status.Reasons.ABORT_REQUESTED;
import static com.supernovaai.operator.status.Reasons.MIGRATION_FAILED;

import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutPlan.Notice;
import com.supernovaai.operator.status.EventReasons;
import java.time.Duration;
import java.time.Instant;

/**
 * The texts of rollout status messages and Events, in one place: users read them in {@code kubectl
 * describe}, and they name the color, the image and what to do next.
 */
final class RolloutMessages {

  // Why a promote or abort annotation was ignored.
  static final String NO_ROLLOUT = "no rollout is in progress";
  static final String NOTHING_TO_PROMOTE = "no rollout is waiting for promotion";
  static final String ROLLBACK_NOT_ABORTABLE = "a rollback cannot be aborted";
  static final String NOTHING_TO_PROMOTE_OR_ABORT =
      "strategy RollingUpdate has nothing to promote or abort";

  private RolloutMessages() {}

  static String alreadyAborted(String image) {
    return "the rollout of " + image + " was already aborted";
  }

  static Notice normal(String reason, String message) {
    return new Notice("Normal", reason, message);
  }

  static String ignored(String annotation, String why) {
    return "Ignored and removed " + annotation + ": " + why;
  }

  static String keptForRollback(String active, String image, String old, Instant until) {
    return "Traffic on "
        + active
        + " ("
        + image
        + "); "
        + old
        + " is kept at full size until "
        + until
        + " for an instant rollback";
  }

  /** After a canary: the old color keeps the pods of the last step, not all of them. */
  static String keptForCanaryRollback(
      String active, String image, String old, int oldPods, Instant until) {
    return "Traffic on "
        + active
        + " ("
        + image
        + "); "
        + old
        + " keeps its "
        + oldPods
        + " pods until "
        + until
        + ": setting spec.api.image back scales it to full size and switches back, without steps";
  }

  static String rollingBack(String to, String image, int available, int size, String active) {
    return "Rolling back to "
        + to
        + " ("
        + image
        + ") without steps: "
        + available
        + "/"
        + size
        + " pods available; traffic stays on "
        + active
        + " until all are";
  }

  static String alreadyPromoted(String oldImage) {
    return "the rollout was already promoted; set spec.api.image back to "
        + oldImage
        + " for an instant rollback";
  }

  static Notice scaledDown(String old, int delaySeconds) {
    return normal(
        EventReasons.SCALED_DOWN,
        "Scaled the old color "
            + old
            + " to 0 after the scale-down delay of "
            + delaySeconds
            + "s");
  }

  static Notice cancelled(String image, String preview, String active) {
    return normal(
        EventReasons.ROLLOUT_CANCELLED,
        "spec.api.image is the active image again ("
            + image
            + "): scaled the preview "
            + preview
            + " to 0; traffic stayed on "
            + active);
  }

  static Notice rolledBack(String from, String to, String image) {
    return normal(
        EventReasons.ROLLED_BACK,
        "Traffic switched back from " + from + " to " + to + " (" + image + ")");
  }

  static Notice started(boolean replacing, String image, String preview, int size, String active) {
    return normal(
        replacing ? EventReasons.ROLLOUT_REPLACED : EventReasons.ROLLOUT_STARTED,
        (replacing ? "A newer template replaces the preview: rolling out " : "Rolling out ")
            + image
            + " as "
            + preview
            + " ("
            + size
            + " pods); traffic stays on "
            + active);
  }

  static Notice promoted(String from, String to, String image, Duration sinceStart) {
    return normal(
        EventReasons.PROMOTED,
        "Traffic switched from "
            + from
            + " to "
            + to
            + " ("
            + image
            + ") "
            + sinceStart.toSeconds()
            + "s after the rollout started");
  }

  static String waitingForPromotion(String preview, String image) {
    return preview
        + " ("
        + image
        + ") passed the promotion gates; annotate "
        + SuperNovaStack.PROMOTE_ANNOTATION
        + "=true to switch traffic";
  }

  static String rollingOut(String image, String preview, int available, int size) {
    return "Rolling out "
        + image
        + " as "
        + preview
        + ": "
        + available
        + "/"
        + size
        + " pods available";
  }

  static String aborted(
      String reason, String detail, String image, String preview, String active, int deadline) {
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
                  + deadline
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

  /** "Canary step 2/3 (50%) of image". */
  static String canaryStep(int index, int count, int weight, String image) {
    return "Canary step " + (index + 1) + "/" + count + " (" + weight + "%) of " + image;
  }

  static String canaryPaused() {
    return "paused: annotate "
        + SuperNovaStack.PROMOTE_ANNOTATION
        + "=true to go on, or "
        + SuperNovaStack.ABORT_ANNOTATION
        + "=true to return to 0%";
  }

  static String canaryPausedUntil(Instant until) {
    return "paused until " + until;
  }
}
