package com.supernovaai.operator.model;

/**
 * Patterns and CEL rules for the names, label and annotation keys and values that the operator
 * copies into objects it creates, so that the API server refuses them on the stack (naming the
 * field) rather than on a child object later (a bare 422 in a Degraded condition).
 */
public final class KubernetesNames {

  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  /** A DNS-1123 subdomain: names of Secrets, claims, classes (length checked with @Size). */
  public static final String DNS_SUBDOMAIN = "^" + LABEL + "(\\." + LABEL + ")*$";

  /** The name part of a qualified name (label and annotation keys), at most 63 characters. */
  private static final String QUALIFIED_NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";

  /** A label or annotation key: an optional DNS-subdomain prefix and '/', then a name. */
  public static final String KEY_PATTERN =
      "^(" + LABEL + "(\\." + LABEL + ")*/)?" + QUALIFIED_NAME + "$";

  /** CEL rule on a map of annotations: valid keys. */
  public static final String ANNOTATION_KEYS_RULE =
      "self.all(k, k.size() <= 317 && k.matches(r'" + KEY_PATTERN + "'))";

  public static final String ANNOTATION_KEYS_MESSAGE =
      "keys must be annotation keys: an optional DNS prefix and '/', then at most 63 letters,"
          + " digits, '-', '_' or '.', starting and ending with a letter or digit"
          + " (e.g. example.com/team)";

  /**
   * CEL rule on a map of labels (a node selector): valid keys. Values are not checked: a rule on
   * them exceeds the CEL cost budget (map values have no length bound in the schema).
   */
  public static final String LABEL_KEYS_RULE = ANNOTATION_KEYS_RULE;

  public static final String LABEL_KEYS_MESSAGE =
      "keys must be label keys: an optional DNS prefix and '/', then at most 63 letters,"
          + " digits, '-', '_' or '.', starting and ending with a letter or digit"
          + " (e.g. kubernetes.io/arch)";

  /** CEL rule applying {@link #DNS_SUBDOMAIN}. */
  public static final String DNS_SUBDOMAIN_RULE = "self.matches(r'" + DNS_SUBDOMAIN + "')";

  public static final String DNS_SUBDOMAIN_MESSAGE =
      "must be a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and"
          + " ending with a letter or digit, at most 253 characters";

  /** CEL rule on a key of a Secret's data (the API server's own rule for data keys). */
  public static final String SECRET_KEY_RULE = "self.matches(r'^[-._a-zA-Z0-9]+$')";

  public static final String SECRET_KEY_MESSAGE =
      "must be a Secret key: letters, digits, '-', '_' and '.', at most 253 characters";

  private KubernetesNames() {}
}
