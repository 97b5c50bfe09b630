package com.supernovaai.operator.model;

/** Schema patterns and CEL rules shared by the size fields of the model. */
public final class Quantities {

  /** A positive Kubernetes quantity such as 100Gi, 500M or 1.5Ti. */
  public static final String QUANTITY_PATTERN =
      "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[kMGTPE]|[eE][+]?[0-9]+)?$";

  /** Storage may grow, never shrink (a transition rule: evaluated on updates only). */
  public static final String NEVER_SHRINK_RULE = "quantity(self).compareTo(quantity(oldSelf)) >= 0";

  public static final String NEVER_SHRINK_MESSAGE = "storage size may grow but never shrink";

  /** Largest number of resource names in requests or limits (cpu, memory, hugepages ...). */
  public static final int MAX_RESOURCE_NAMES = 16;

  /**
   * Longest quantity string in requests or limits. The crd-generator cannot annotate fabric8's
   * ResourceRequirements, so GenerateCrd sets these bounds, without which the API server refuses
   * the rules below as too costly.
   */
  public static final int MAX_QUANTITY_LENGTH = 64;

  /**
   * CEL rule on a ResourceRequirements: every request and limit a non-negative quantity (the Pod
   * API refuses the Deployment or StatefulSet otherwise, long after the stack was accepted).
   */
  public static final String RESOURCES_RULE =
      "(!has(self.requests) || self.requests.all(k, isQuantity(string(self.requests[k]))"
          + " && !string(self.requests[k]).startsWith('-')))"
          + " && (!has(self.limits) || self.limits.all(k, isQuantity(string(self.limits[k]))"
          + " && !string(self.limits[k]).startsWith('-')))";

  public static final String RESOURCES_MESSAGE =
      "requests and limits must be non-negative Kubernetes quantities, e.g. cpu: 500m or 2,"
          + " memory: 512Mi or 2Gi";

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
