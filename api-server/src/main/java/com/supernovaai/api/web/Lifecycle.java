package com.supernovaai.api.web;

import jakarta.inject.Singleton;

/** Whether this replica is draining: readiness reports 503 from the first moment of shutdown. */
@Singleton
public class Lifecycle {

  private volatile boolean draining;

  public void startDraining() {
    draining = true;
  }

  public boolean isDraining() {
    return draining;
  }
}
