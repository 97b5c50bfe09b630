package com.supernovaai.operator.rollout;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;

/**
 * Everything the {@link RolloutPlanner} decides from: the stack (spec, annotations, status), the
 * hash of the pod template the spec asks for, and what the cluster has.
 *
 * @param templateHash hash of the desired color-neutral API pod template
 * @param blue observed Deployment of the blue color, or null
 * @param green observed Deployment of the green color, or null
 * @param activeService observed active Service, or null
 * @param apiPods observed API pods of both colors (for start-up failures of the preview)
 * @param fieldManager the operator's server-side apply field manager
 */
public record RolloutInput(
    SuperNovaStack stack,
    String templateHash,
    Deployment blue,
    Deployment green,
    Service activeService,
    List<Pod> apiPods,
    String fieldManager,
    Instant now) {

  /** The observed Deployment of {@code color}, or null. */
  public Deployment deployment(String color) {
    return StackNames.GREEN.equals(color) ? green : blue;
  }
}
