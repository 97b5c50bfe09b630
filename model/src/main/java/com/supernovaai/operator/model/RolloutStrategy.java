package com.supernovaai.operator.model;

/** How a change to the API pod template reaches the pods. */
public enum RolloutStrategy {
  BlueGreen,
  RollingUpdate
}
