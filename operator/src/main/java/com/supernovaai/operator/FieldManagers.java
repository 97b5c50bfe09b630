package com.supernovaai.operator;

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
}
