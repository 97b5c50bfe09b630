package com.supernovaai.operator.model;

/**
 * The transition rule on database.image: the PostgreSQL major version (from a TimescaleDB tag's
 * {@code -pgNN}, else a postgres tag's leading number) cannot change in place, since the data
 * directory of one major does not start under another. Unknown versions (digests, "latest") pass.
 */
public final class PostgresImage {

  private static final String PG_TAG = "[-:]pg[0-9]+";

  // The major version of oldSelf and of self (annotation values must be constants).
  private static final String OLD =
      "(oldSelf.find('[-:]pg[0-9]+') != '' ? oldSelf.find('[-:]pg[0-9]+').find('[0-9]+') :"
          + " oldSelf.find(':[0-9]+[^:/@]*$').find('[0-9]+'))";
  private static final String NEW =
      "(self.find('[-:]pg[0-9]+') != '' ? self.find('[-:]pg[0-9]+').find('[0-9]+') :"
          + " self.find(':[0-9]+[^:/@]*$').find('[0-9]+'))";

  public static final String SAME_MAJOR_RULE =
      "self.contains('@') || oldSelf.contains('@') || "
          + OLD
          + " == '' || "
          + NEW
          + " == '' || "
          + OLD
          + " == "
          + NEW;

  public static final String SAME_MAJOR_MESSAGE =
      "'the PostgreSQL major version of database.image cannot change in place (' + "
          + OLD
          + " + ' to ' + "
          + NEW
          + " + '): the data directory would not start; restore a backup into a new stack"
          + " (database.bootstrap.fromBackup) instead. Minor versions may change.'";

  private PostgresImage() {}
}
