package com.supernovaai.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The regular expressions that end up in the CRD accept and reject what users write. */
class SchemaPatternsTest {

  private static final Pattern CRON = Pattern.compile(CronSchedule.PATTERN);
  private static final Pattern QUANTITY = Pattern.compile(Quantities.QUANTITY_PATTERN);
  private static final Pattern IMAGE = Pattern.compile(ImageReference.PATTERN);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 2 * * *",
        "*/15 * * * *",
        "0 0-23/2 1,15 * MON-FRI",
        "30 4 1 jan-jun sun",
        "0 3 ? * 0",
        "@daily",
        "59 23 31 12 7"
      })
  void acceptsValidCronSchedules(String schedule) {
    assertThat(CRON.matcher(schedule).matches()).as(schedule).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0 2 * *",
        "0 2 * * * *",
        "60 2 * * *",
        "0 24 * * *",
        "0 2 32 * *",
        "0 2 * 13 *",
        "0 2 * * 8",
        "every day",
        "@often",
        "*/0 2 * * *",
        "0 */00 * * *"
      })
  void rejectsInvalidCronSchedules(String schedule) {
    assertThat(CRON.matcher(schedule).matches()).as(schedule).isFalse();
  }

  /** The CEL rule's two patterns (a schedule matching either never fires), as Java sees them. */
  private static boolean neverFires(String schedule) {
    var m = Pattern.compile("self\\.matches\\(r'([^']*)'\\)").matcher(CronSchedule.FIRES_RULE);
    boolean never = false;
    while (m.find()) {
      never |= Pattern.compile(m.group(1)).matcher(schedule).matches();
    }
    return never;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"0 2 30 2 *", "0 2 31 FEB ?", "0 2 30,31 feb *", "0 2 31 4 *", "0 2 31 apr,nov *"})
  void refusesSchedulesThatMatchNoDate(String schedule) {
    assertThat(CRON.matcher(schedule).matches()).as(schedule).isTrue();
    assertThat(neverFires(schedule)).as(schedule).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 2 29 2 *",
        "0 2 31 2 MON",
        "0 2 31 1,2 *",
        "0 2 31 * *",
        "0 2 30 4 *",
        "@yearly"
      })
  void keepsSchedulesThatFireSomeday(String schedule) {
    assertThat(neverFires(schedule)).as(schedule).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"100Gi", "1Ti", "500M", "1.5Gi", "1000", "2e9"})
  void acceptsQuantities(String size) {
    assertThat(QUANTITY.matcher(size).matches()).as(size).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "big", "-1Gi", "10 Gi", "10GB", "Gi"})
  void rejectsNonQuantities(String size) {
    assertThat(QUANTITY.matcher(size).matches()).as(size).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "supernova",
        "redis:7.2-alpine",
        "timescale/timescaledb:2.17.2-pg16",
        "registry.example.com/supernova/api-server:1.4.2",
        "localhost:5000/supernova/api-server:dev",
        "localhost/supernova/postgres:15",
        "ghcr.io/org/app_name__x/a-b--c:v1.0_rc.1",
        "registry.example.com/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "registry.example.com/api:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  void acceptsImageReferences(String image) {
    assertThat(IMAGE.matcher(image).matches()).as(image).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Registry/API:1",
        "api server:1",
        "https://registry/api:1",
        "api:",
        "redis::7",
        "api:1 ",
        "/api:1",
        "api:-1",
        "api@sha256:short",
        "registry.example.com:port/api"
      })
  void rejectsWhatIsNotAnImageReference(String image) {
    assertThat(IMAGE.matcher(image).matches()).as(image).isFalse();
  }
}
