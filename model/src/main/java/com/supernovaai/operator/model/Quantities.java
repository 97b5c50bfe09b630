package com.supernovaai.operator.model;

/** Schema patterns and CEL rules shared by the size fields of the model. */
public final class Quantities {

  /** A positive Kubernetes quantity such as 100Gi, 500M or 1.5Ti. */
  public static final String QUANTITY_PATTERN =
      "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[kMGTPE]|[eE][+]?[0-9]+)?$";

  /** Storage may grow, never shrink (a transition rule: evaluated on updates only). */
  public static final String NEVER_SHRINK_RULE = "quantity(self).compareTo(quantity(oldSelf)) >= 0";

  public static final String NEVER_SHRINK_MESSAGE = "storage size may grow but never shrink";

  private Quantities() {}
}
