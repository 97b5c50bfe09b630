package com.supernovaai.operator.status;

/**
 * Something only the operator can detect and a human has to fix (or that must retry), with how much
 * it weighs on the stack: see {@link Severity}.
 */
public record Fault(String reason, String message, Severity severity) {

  /** What a fault does to the summary conditions. */
  public enum Severity {
    /** The stack is not Ready (and the fault is retried soon): a missing Secret, a failed write. */
    BLOCKS_READY,
    /** The stack is Degraded but keeps serving and stays Ready: a failed backup, a full volume. */
    DEGRADES_ONLY
  }

  /** A fault that blocks Ready. */
  public Fault(String reason, String message) {
    this(reason, message, Severity.BLOCKS_READY);
  }

  public static Fault degradesOnly(String reason, String message) {
    return new Fault(reason, message, Severity.DEGRADES_ONLY);
  }

  public boolean blocksReady() {
    return severity == Severity.BLOCKS_READY;
  }
}
