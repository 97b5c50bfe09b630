package com.supernovaai.operator.model;

/** Phase of an API rollout. */
public enum RolloutPhase {
  Idle,
  Progressing,
  Promoting,
  Aborted
}
