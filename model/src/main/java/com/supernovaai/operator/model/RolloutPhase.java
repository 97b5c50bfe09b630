package com.supernovaai.operator.model;

/** Phase of an API rollout. */
public enum RolloutPhase {
  Idle,
  Progressing,
  /** Traffic switched to the new color; the old one is kept for the scale-down delay. */
  Switched,
  /**
   * The name of {@link #Switched} before it was renamed: stays readable in stored statuses for one
   * release; the operator no longer writes it.
   *
   * @deprecated use {@link #Switched}
   */
  @Deprecated
  Promoting,
  Aborted
}
