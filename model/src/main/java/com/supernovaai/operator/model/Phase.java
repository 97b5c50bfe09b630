package com.supernovaai.operator.model;

/** Human-readable summary of a stack's state; conditions are the machine-readable truth. */
public enum Phase {
  /** Not written by this operator (the first status is already Progressing); kept in the schema. */
  Pending,
  Progressing,
  Ready,
  Degraded,
  Paused
}
