package com.supernovaai.operator.status;

/**
 * Readiness of one component as the status reports it, and the fault its state raises for the whole
 * stack, if any (a failed backup degrades the stack while it keeps serving).
 */
public record ComponentStatus(
    String conditionType, boolean ready, String reason, String message, Fault fault) {

  public ComponentStatus(String conditionType, boolean ready, String reason, String message) {
    this(conditionType, ready, reason, message, null);
  }

  public static ComponentStatus ready(String type, String reason, String message) {
    return new ComponentStatus(type, true, reason, message);
  }

  public static ComponentStatus notReady(String type, String reason, String message) {
    return new ComponentStatus(type, false, reason, message);
  }

  /** This status, raising {@code fault} for the stack. */
  public ComponentStatus raising(Fault fault) {
    return new ComponentStatus(conditionType, ready, reason, message, fault);
  }
}
