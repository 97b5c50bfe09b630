package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** PgBouncer pool_mode. */
public enum PoolMode {
  @JsonProperty("session")
  SESSION,
  @JsonProperty("transaction")
  TRANSACTION,
  @JsonProperty("statement")
  STATEMENT;

  /** The value as pgbouncer.ini spells it. */
  public String iniValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
