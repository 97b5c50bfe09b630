package com.supernovaai.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The expand/contract rule of docs/migrations.md, as far as a scan can tell: a migration that
 * drops, renames, changes a column's type or makes it NOT NULL breaks the color still running the
 * previous release, so it must say it is a contract step and why that is safe now.
 */
class MigrationRulesTest {

  private static final Path SQL_MIGRATIONS = Path.of("src/main/resources/db/migration");
  private static final Path JAVA_MIGRATIONS = Path.of("src/main/java/db/migration");

  /** {@code -- contract-step: <reason>} (SQL) or {@code // contract-step: <reason>} (Java). */
  private static final Pattern MARKER =
      Pattern.compile("(?m)^\\s*(--|//)\\s*contract-step:\\s*(\\S.{9,})$");

  private static final List<Pattern> CONTRACT =
      List.of(
          Pattern.compile("\\bDROP\\b(?!\\s+NOT\\s+NULL)"),
          Pattern.compile("\\bRENAME\\b"),
          Pattern.compile("\\bALTER\\s+TABLE\\b.*\\bTYPE\\b"),
          Pattern.compile("\\bSET\\s+NOT\\s+NULL\\b"));

  @Test
  void everyMigrationIsAnExpandStepOrSaysWhyItMayContract() throws IOException {
    List<Path> migrations = new ArrayList<>();
    try (Stream<Path> sql = Files.list(SQL_MIGRATIONS);
        Stream<Path> java = Files.list(JAVA_MIGRATIONS)) {
      sql.filter(p -> p.toString().endsWith(".sql")).forEach(migrations::add);
      java.filter(p -> p.toString().endsWith(".java")).forEach(migrations::add);
    }
    assertThat(migrations).as("migrations found").isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (Path migration : migrations) {
      String source = Files.readString(migration, StandardCharsets.UTF_8);
      List<String> found = contractStatements(migration.toString(), source);
      if (!found.isEmpty() && !MARKER.matcher(source).find()) {
        problems.add(migration.getFileName() + ": " + found);
      }
    }
    assertThat(problems)
        .as(
            "contract steps without a '-- contract-step: <why it is safe now, which release"
                + " stopped using it>' comment (docs/migrations.md)")
        .isEmpty();
  }

  @Test
  void theScanRecognisesContractStepsAndIgnoresCommentsAndExpandSteps() {
    assertThat(contractStatements("V9__x.sql", "ALTER TABLE users DROP COLUMN email;")).hasSize(1);
    assertThat(contractStatements("V9__x.sql", "alter table users rename column a to b;"))
        .hasSize(1);
    assertThat(contractStatements("V9__x.sql", "ALTER TABLE t ALTER COLUMN c TYPE BIGINT;"))
        .hasSize(1);
    assertThat(contractStatements("V9__x.sql", "ALTER TABLE t ALTER COLUMN c SET NOT NULL;"))
        .hasSize(1);
    assertThat(contractStatements("V9__x.sql", "DROP INDEX IF EXISTS old_idx;")).hasSize(1);
    assertThat(
            contractStatements(
                "V9__x.java", "s.execute(\"ALTER TABLE t \"\n + \"DROP COLUMN c\"); // fine"))
        .hasSize(1);

    assertThat(
            contractStatements(
                "V9__x.sql",
                "-- we never DROP or RENAME here\n/* nor SET NOT NULL */\n"
                    + "ALTER TABLE t ADD COLUMN c TEXT;\n"
                    + "ALTER TABLE t ALTER COLUMN d DROP NOT NULL;\n"
                    + "CREATE INDEX t_type_idx ON t (type);"))
        .isEmpty();
    assertThat(contractStatements("V9__x.java", "// DROP TABLE in a comment\nint x = 1;"))
        .isEmpty();
    assertThat(
            MARKER.matcher("-- contract-step: users.email unused since 1.4, read by none").find())
        .isTrue();
    assertThat(MARKER.matcher("-- contract-step:").find()).isFalse();
  }

  /** The statements of a migration that are contract steps (SQL, or a Java one's literals). */
  static List<String> contractStatements(String name, String source) {
    String sql = name.endsWith(".java") ? javaStringLiterals(source) : withoutSqlComments(source);
    List<String> found = new ArrayList<>();
    for (String statement : sql.split(";")) {
      String normalised = statement.replaceAll("\\s+", " ").strip();
      String upper = normalised.toUpperCase(Locale.ROOT);
      if (CONTRACT.stream().anyMatch(p -> p.matcher(upper).find())) {
        found.add(normalised);
      }
    }
    return found;
  }

  private static String withoutSqlComments(String sql) {
    return sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
  }

  /** The SQL a Java migration runs is in its string literals, concatenated. */
  private static String javaStringLiterals(String source) {
    String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    Matcher literal = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(code);
    StringBuilder sql = new StringBuilder();
    int last = 0;
    while (literal.find()) {
      // Literals joined by '+' are one statement; anything else separates statements.
      String between = code.substring(last, literal.start()).strip();
      if (last > 0 && !between.equals("+")) {
        sql.append(';');
      }
      sql.append(literal.group(1));
      last = literal.end();
    }
    return sql.toString();
  }
}
