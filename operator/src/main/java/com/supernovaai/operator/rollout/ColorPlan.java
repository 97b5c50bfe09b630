package com.supernovaai.operator.rollout;

import java.util.Map;

/**
 * What one color's API Deployment should look like after this reconciliation.
 *
 * @param mode ABSENT: no Deployment (deleted if it exists); RENDER: the desired pod template; KEEP:
 *     the template the Deployment has now, untouched (the serving color during a rollout, or the
 *     old color during the scale-down delay)
 * @param replicas spec.replicas to apply; null leaves it to the HorizontalPodAutoscaler (RENDER) or
 *     as it is (KEEP)
 * @param annotations the rollout annotations of the Deployment's metadata (RENDER only)
 * @param sizeAtCreation for a Deployment not yet made that the HorizontalPodAutoscaler will size:
 *     the count it is created with, which the hand-over field manager applies right after (the
 *     operator's later applies leave spec.replicas out); null otherwise
 */
public record ColorPlan(
    Mode mode, Integer replicas, Map<String, String> annotations, Integer sizeAtCreation) {

  /** How the Deployment of one color is reconciled. */
  public enum Mode {
    ABSENT,
    RENDER,
    KEEP
  }

  public static final ColorPlan ABSENT = new ColorPlan(Mode.ABSENT, null, Map.of(), null);

  public static ColorPlan render(Integer replicas, Map<String, String> annotations) {
    return new ColorPlan(Mode.RENDER, replicas, Map.copyOf(annotations), null);
  }

  /**
   * A Deployment to create for the HorizontalPodAutoscaler: created at {@code sizeAtCreation},
   * which the hand-over manager then holds, and applied without spec.replicas: no hand-over later.
   */
  public static ColorPlan renderForAutoscaler(int sizeAtCreation, Map<String, String> annotations) {
    return new ColorPlan(Mode.RENDER, null, Map.copyOf(annotations), sizeAtCreation);
  }

  public static ColorPlan keep(Integer replicas) {
    return new ColorPlan(Mode.KEEP, replicas, Map.of(), null);
  }
}
