package com.supernovaai.operator;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.Map;
import java.util.Set;

/** The server-side-apply field managers the operator writes with, and whose entries it reads. */
public final class FieldManagers {

  /** The controller's own: JOSDK applies every dependent under the controller's name. */
  public static final String OPERATOR = "supernovastack";

  /** Holds spec.replicas of the API Deployment while it passes from the operator to the HPA. */
  public static final String HPA_HANDOVER = "supernova-operator-hpa-handover";

  /**
   * The managers whose managedFields entries the operator reads: the rollout reads whether they
   * apply spec.replicas, to know whether replicas were handed over (nothing else of them is kept).
   */
  public static final Set<String> READ = Set.of(OPERATOR, HPA_HANDOVER);

  private FieldManagers() {}

  /**
   * Whether a managedFields entry's field set holds spec.replicas: what the rollout reads of the
   * {@link #READ} managers' entries, and all the informer caches keep of them.
   */
  public static boolean holdsReplicas(ManagedFieldsEntry entry) {
    if (entry.getFieldsV1() == null || entry.getFieldsV1().getAdditionalProperties() == null) {
      return false;
    }
    Object spec = entry.getFieldsV1().getAdditionalProperties().get("f:spec");
    return spec instanceof Map<?, ?> map && map.containsKey("f:replicas");
  }
}
