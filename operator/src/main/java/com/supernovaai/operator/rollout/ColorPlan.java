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
 */
public record ColorPlan(Mode mode, Integer replicas, Map<String, String> annotations) {

  /** How the Deployment of one color is reconciled. */
  public enum Mode {
    ABSENT,
    RENDER,
    KEEP
  }

  public static final ColorPlan ABSENT = new ColorPlan(Mode.ABSENT, null, Map.of());

  public static ColorPlan render(Integer replicas, Map<String, String> annotations) {
    return new ColorPlan(Mode.RENDER, replicas, Map.copyOf(annotations));
  }

  public static ColorPlan keep(Integer replicas) {
    return new ColorPlan(Mode.KEEP, replicas, Map.of());
  }
}
