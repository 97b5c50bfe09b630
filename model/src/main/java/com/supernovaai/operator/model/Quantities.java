package com.supernovaai.operator.model;

/** Schema patterns and CEL rules shared by the size fields of the model. */
public final class Quantities {

  /** A positive Kubernetes quantity such as 100Gi, 500M or 1.5Ti. */
  public static final String QUANTITY_PATTERN =
      "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[kMGTPE]|[eE][+]?[0-9]+)?$";

  /** Storage may grow, never shrink (a transition rule: evaluated on updates only). */
  public static final String NEVER_SHRINK_RULE = "quantity(self).compareTo(quantity(oldSelf)) >= 0";

  public static final String NEVER_SHRINK_MESSAGE = "storage size may grow but never shrink";

  /**
   * A non-negative compute quantity (the Kubernetes Quantity grammar without a sign): the pattern
   * of every value of a ResourceRequirements' requests and limits. The crd-generator cannot
   * annotate map values, so GenerateCrd puts it, with bounds that keep the CEL rule below
   * affordable, into every ResourceRequirements schema.
   */
  public static final String COMPUTE_QUANTITY_PATTERN =
      "^\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+))?$";

  /** Largest number of resource names in requests or limits (cpu, memory, hugepages ...). */
  public static final int MAX_RESOURCE_NAMES = 16;

  /** Longest quantity string accepted in requests or limits. */
  public static final int MAX_QUANTITY_LENGTH = 64;

  /**
   * CEL rule on a ResourceRequirements: no request above its limit (the Pod API's own rule, which
   * would otherwise refuse the Deployment or StatefulSet long after the stack was accepted).
   */
  public static final String REQUESTS_WITHIN_LIMITS_RULE =
      "!has(self.requests) || !has(self.limits) || self.requests.all(k, !(k in self.limits)"
          + " || quantity(string(self.requests[k])).compareTo(quantity(string(self.limits[k])))"
          + " <= 0)";

  public static final String REQUESTS_WITHIN_LIMITS_MESSAGE =
      "each request must be less than or equal to its limit (e.g. requests.memory <="
          + " limits.memory)";

  private Quantities() {}
}
