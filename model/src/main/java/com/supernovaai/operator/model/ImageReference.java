package com.supernovaai.operator.model;

/**
 * The rule on container image fields: the grammar of {@code docker/distribution}'s reference
 * package ([registry[:port]/]path[:tag][@digest]). The Pod API accepts any non-blank string and the
 * kubelet then fails with InvalidImageName for ever; here the mistake is refused at apply.
 */
public final class ImageReference {

  /** Longer references do not exist in practice; it bounds the CEL cost of the rules below. */
  public static final int MAX_LENGTH = 512;

  private static final String DOMAIN_COMPONENT =
      "([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN =
      "(" + DOMAIN_COMPONENT + "(\\." + DOMAIN_COMPONENT + ")*|\\[[0-9a-fA-F:.]+\\])(:[0-9]+)?";
  private static final String PATH_COMPONENT = "[a-z0-9]+(([_.]|__|-+)[a-z0-9]+)*";
  private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

  /** Anchored regular expression of a whole reference. */
  public static final String PATTERN =
      "^("
          + DOMAIN
          + "/)?"
          + PATH_COMPONENT
          + "(/"
          + PATH_COMPONENT
          + ")*(:"
          + TAG
          + ")?(@"
          + DIGEST
          + ")?$";

  /** CEL rule applying {@link #PATTERN} (a raw CEL string, so backslashes stay as they are). */
  public static final String RULE = "self.matches(r'" + PATTERN + "')";

  public static final String MESSAGE =
      "must be an image reference: [registry[:port]/]repository[:tag][@digest], repository in"
          + " lowercase (e.g. registry.example.com/supernova/api-server:1.4.2)";

  private ImageReference() {}
}
