package com.supernovaai.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class MigrationFailureTest {

  private static RuntimeException wrapped(SQLException sql) {
    return new IllegalStateException(
        "Failed to create DataSource", new RuntimeException("Migration failed", sql));
  }

  @Test
  void namesTheMigrationTheErrorClassAndTheSqlState() {
    SQLException sql =
        new SQLException(
            "ERROR: relation \"no_such_table\" does not exist\n  Position: 13", "42P01");
    assertThat(MigrationFailure.describe("900", "fails on purpose", wrapped(sql)))
        .isEqualTo(
            "migration failed: version 900 (fails on purpose): SQLException SQLState 42P01:"
                + " ERROR: relation \"no_such_table\" does not exist");
  }

  @Test
  void repeatableMigrationsAndErrorsWithoutSqlStateAreDescribedToo() {
    assertThat(
            MigrationFailure.describe(
                null, "refresh views", new IllegalStateException("x", new ArithmeticException())))
        .isEqualTo("migration failed: repeatable migration (refresh views): ArithmeticException: ");
  }

  @Test
  void neverCarriesCredentialsAndStaysShort() {
    SQLException sql =
        new SQLException(
            "could not reach postgresql://app:hunter2@db:5432/x?password=hunter2 "
                + "x".repeat(2000),
            "XX000");
    String line = MigrationFailure.describe("3", "big", wrapped(sql));
    assertThat(line).startsWith(MigrationFailure.PREFIX).doesNotContain("hunter2");
    assertThat(line).hasSizeLessThanOrEqualTo(MigrationFailure.MAX_LENGTH);
    assertThat(line.lines()).hasSize(1);
  }

  @Test
  void lockConflictsAndConnectionTroubleAreTransientWrongMigrationsAreNot() {
    assertThat(MigrationFailure.isTransient(wrapped(new SQLException("lock", "55P03")))).isTrue();
    assertThat(MigrationFailure.isTransient(wrapped(new SQLException("conn", "08006")))).isTrue();
    assertThat(MigrationFailure.isTransient(wrapped(new SQLException("down", "57P01")))).isTrue();
    assertThat(MigrationFailure.isTransient(wrapped(new SQLException("dead", "40P01")))).isTrue();
    assertThat(MigrationFailure.isTransient(wrapped(new SQLException("no", "42P01")))).isFalse();
    assertThat(MigrationFailure.isTransient(wrapped(new SQLException("dup", "23505")))).isFalse();
    assertThat(MigrationFailure.isTransient(new IllegalStateException("no SQL"))).isFalse();
  }

  @Test
  void validationFailuresKeepTheirFirstDetails() {
    String message =
        "Validate failed: Migrations have failed validation\n"
            + "Migration checksum mismatch for migration version 1\n"
            + "-> Applied to database : 1\n"
            + "-> Resolved locally    : 2\n"
            + "Need more flexibility with validation rules? Learn more: https://rd.gt/3AbJUZE";
    assertThat(MigrationFailure.validation(new RuntimeException(message)))
        .isEqualTo(
            "migration failed: validation: Validate failed: Migrations have failed validation;"
                + " Migration checksum mismatch for migration version 1;"
                + " -> Applied to database : 1");
  }
}
