package com.supernovaai.operator.model;

/**
 * The rule on a stack's own name: every object the operator creates is named after it, so it must
 * leave room for the longest suffix and be a valid Service name (DNS-1035 label).
 */
public final class StackName {

  /**
   * The longest derived name with a hard limit is the restore drill's CronJob, {@code
   * <stack>-backup-verify}: CronJob names are limited to 52 characters (the controller appends 11
   * to name its Jobs), and 52 - "-backup-verify".length() = 38. Every other derived name (Services
   * and label values: 63; Jobs {@code <stack>-backup-now-<8 hex>}: 63) fits with it.
   */
  public static final int MAX_LENGTH = 38;

  /**
   * Root-level CEL rule (only the root may read metadata.name), with an optional oldSelf: checked
   * on create only, since a name never changes and a stack created before the rule must still
   * accept updates (and the operator's status writes).
   */
  public static final String RULE =
      "oldSelf.hasValue() || (self.metadata.name.size() <= "
          + MAX_LENGTH
          + " && self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$'))";

  public static final String MESSAGE =
      "metadata.name must be at most "
          + MAX_LENGTH
          + " characters (the operator appends up to 14, e.g. -backup-verify, and CronJob names"
          + " are limited to 52), start with a lowercase letter and contain only lowercase"
          + " letters, digits and '-' (a DNS-1035 label: Services are named after the stack)";

  private StackName() {}
}
