package com.supernovaai.operator.model;

/** Where the bootstrap restore of a stack's database is. */
public enum RestorePhase {
  Pending,
  Running,
  Succeeded,
  Failed
}
