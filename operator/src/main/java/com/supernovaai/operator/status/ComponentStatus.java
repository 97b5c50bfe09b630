package com.supernovaai.operator.status;

/** Readiness of one component as the status reports it. */
public record ComponentStatus(String conditionType, boolean ready, String reason, String message) {

  public static ComponentStatus ready(String type, String reason, String message) {
    return new ComponentStatus(type, true, reason, message);
  }

  public static ComponentStatus notReady(String type, String reason, String message) {
    return new ComponentStatus(type, false, reason, message);
  }
}
