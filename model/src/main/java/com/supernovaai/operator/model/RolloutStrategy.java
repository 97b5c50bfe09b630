package com.supernovaai.operator.model;

/** How a change to the API pod template reaches the pods. */
public enum RolloutStrategy {
  BlueGreen,
  RollingUpdate,
  /** Gradual: the new version's share of the API pods behind the active Service grows by steps. */
  Canary
}
