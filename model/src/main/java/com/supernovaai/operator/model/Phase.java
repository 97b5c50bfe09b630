package com.supernovaai.operator.model;

/** Human-readable summary of a stack's state; conditions are the machine-readable truth. */
public enum Phase {
  Pending,
  Progressing,
  Ready,
  Degraded,
  Paused
}
