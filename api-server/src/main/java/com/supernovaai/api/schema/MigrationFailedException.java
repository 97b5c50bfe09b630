package com.supernovaai.api.schema;

/** Start-up stopped because a migration failed; the message is the termination message. */
public class MigrationFailedException extends RuntimeException {

  public MigrationFailedException(String terminationMessage, Throwable cause) {
    super(terminationMessage, cause);
  }
}
