package com.supernovaai.operator.rollout;

import com.supernovaai.operator.model.SuperNovaStack;

/**
 * Where the operator keeps rollout state in the cluster, beside status: on the API Deployments' and
 * the active Service's metadata (never on pod templates, so writing them restarts nothing).
 */
public final class RolloutAnnotations {

  /** Hash of the color-neutral pod template a Deployment was last given. */
  public static final String TEMPLATE_HASH = SuperNovaStack.GROUP + "/template-hash";

  /** When a Deployment was given its template as the preview of a rollout (RFC 3339). */
  public static final String STARTED_AT = SuperNovaStack.GROUP + "/rollout-started-at";

  /**
   * Why the rollout to this Deployment's template was aborted (on an aborted preview): one of the
   * rollout reasons in {@link com.supernovaai.operator.status.Reasons}.
   */
  public static final String ABORTED = SuperNovaStack.GROUP + "/rollout-aborted";

  /** What went wrong, when the abort reason alone does not say (a migration's message). */
  public static final String ABORT_DETAIL = SuperNovaStack.GROUP + "/rollout-abort-detail";

  /** When the active Service last switched colors (RFC 3339), written with the switch itself. */
  public static final String PROMOTED_AT = SuperNovaStack.GROUP + "/promoted-at";

  /**
   * Image the active color ran before the last switch (the rollback target), on the active Service,
   * written with the switch itself.
   */
  public static final String PREVIOUS_IMAGE = SuperNovaStack.GROUP + "/previous-image";

  /** Strategy Canary: the index (from 0) of the step the canary Deployment is at. */
  public static final String CANARY_STEP = SuperNovaStack.GROUP + "/canary-step";

  /** Strategy Canary: when the current step began (RFC 3339); its deadline counts from it. */
  public static final String CANARY_STEP_STARTED_AT =
      SuperNovaStack.GROUP + "/canary-step-started-at";

  /**
   * Strategy Canary: when the current step's pods were all available (RFC 3339); its pause counts
   * from it. Absent while the step's pods come up.
   */
  public static final String CANARY_STEP_REACHED_AT =
      SuperNovaStack.GROUP + "/canary-step-reached-at";

  /**
   * Strategy Canary: when the kept old color began to be scaled back to full size for an instant
   * rollback (RFC 3339), on that color's Deployment; the rollback's deadline counts from it, and it
   * outlives the scale-down delay, so a rollback that began inside the window ends as one.
   */
  public static final String ROLLBACK_STARTED_AT = SuperNovaStack.GROUP + "/rollback-started-at";

  private RolloutAnnotations() {}
}
