package com.supernovaai.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", "postgresql://app:s%40cret@db.example:6432/supernova?sslmode=disable");
    env.put("REDIS_URL", "redis://:redispass@redis:6380/2");
    env.put("JWT_SECRET_KEY", "0123456789abcdef0123456789abcdef");
    return env;
  }

  @Test
  void defaultsFollowTheGuide() {
    Settings s = Settings.fromEnv(minimal());
    assertThat(s.host()).isEqualTo("0.0.0.0");
    assertThat(s.port()).isEqualTo(8081);
    assertThat(s.jwtExpiration()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.refreshTokenExpiration()).isEqualTo(Duration.ofDays(30));
    assertThat(s.rateLimitRequestsPerHour()).isEqualTo(1000);
    assertThat(s.rateLimitBurstSize()).isEqualTo(100);
    assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(s.websocketsEnabled()).isTrue();
  }

  @Test
  void startUpWaitsFourMinutesForTheDatabaseUnlessToldOtherwise() {
    Map<String, String> env = minimal();
    assertThat(Settings.fromEnv(env).toMicronautProperties())
        .containsEntry("datasources.default.initialization-fail-timeout", 240_000L);

    env.put("SUPERNOVA_DATABASE_START_WAIT_SECONDS", "5");
    assertThat(Settings.fromEnv(env).toMicronautProperties())
        .containsEntry("datasources.default.initialization-fail-timeout", 5_000L);

    // 0 would mean "start without a database" to Hikari: refused.
    env.put("SUPERNOVA_DATABASE_START_WAIT_SECONDS", "0");
    assertThatThrownBy(() -> Settings.fromEnv(env))
        .hasMessageContaining("SUPERNOVA_DATABASE_START_WAIT_SECONDS must be between 1 and 3600");
  }

  @Test
  void withoutReadUrlThereIsOneDatasource() {
    Settings s = Settings.fromEnv(minimal());
    assertThat(s.readDatabase()).isNull();
    assertThat(s.toMicronautProperties().keySet()).noneMatch(k -> k.startsWith("datasources.read"));
  }

  @Test
  void theReadUrlBecomesASecondDatasourceWithTheSameCredentials() {
    Map<String, String> env = minimal();
    env.put("DATABASE_READ_URL", "postgresql://pooler:6432/supernova_ro");
    Settings s = Settings.fromEnv(env);
    assertThat(s.readDatabase().jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://pooler:6432/supernova_ro?prepareThreshold=0&socketTimeout=10");
    assertThat(s.toMicronautProperties())
        .containsEntry("datasources.read.username", "app")
        .containsEntry("datasources.read.password", "s@cret")
        // A replica that is not there yet must not stop the server from starting.
        .containsEntry("datasources.read.initialization-fail-timeout", -1)
        .containsEntry("datasources.read.connection-timeout", 2000L)
        .containsEntry("datasources.default.url", s.jdbcUrl());
    assertThat(s.toString()).doesNotContain("s@cret").contains("supernova_ro");

    env.put(
        "DATABASE_READ_URL", "postgresql://reader:other@replica:5432/supernova?socketTimeout=60");
    Settings own = Settings.fromEnv(env);
    assertThat(own.readDatabase().jdbcUrl()).endsWith("?socketTimeout=60&prepareThreshold=0");
    assertThat(own.readDatabase().user()).isEqualTo("reader");
    assertThat(own.readDatabase().toString()).doesNotContain("other");

    env.put("DATABASE_READ_URL", "mysql://replica/db");
    assertThatThrownBy(() -> Settings.fromEnv(env))
        .hasMessage(
            "DATABASE_READ_URL must start with postgresql://, postgres:// or jdbc:postgresql:");
  }

  @Test
  void accessTokensLiveAtMostAnHourAndTheOldHoursSettingOnlyAtItsOldDefault() {
    Map<String, String> env = minimal();
    env.put("ACCESS_TOKEN_EXPIRATION_SECONDS", "120");
    assertThat(Settings.fromEnv(env).jwtExpiration()).isEqualTo(Duration.ofMinutes(2));
    env.put("ACCESS_TOKEN_EXPIRATION_SECONDS", "3601");
    assertThatThrownBy(() -> Settings.fromEnv(env))
        .hasMessage("ACCESS_TOKEN_EXPIRATION_SECONDS must be between 1 and 3600");

    Map<String, String> legacy = minimal();
    legacy.put("JWT_EXPIRATION_HOURS", "1");
    assertThat(Settings.fromEnv(legacy).jwtExpiration()).isEqualTo(Duration.ofHours(1));
    legacy.put("JWT_EXPIRATION_HOURS", "24");
    assertThatThrownBy(() -> Settings.fromEnv(legacy))
        .hasMessageContaining("ACCESS_TOKEN_EXPIRATION_SECONDS");
    legacy.put("ACCESS_TOKEN_EXPIRATION_SECONDS", "600");
    assertThat(Settings.fromEnv(legacy).jwtExpiration()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shutdownAndMigrationTimingsHaveBoundedDefaultsAndReachMicronaut() {
    Settings s = Settings.fromEnv(minimal());
    assertThat(s.shutdownDrain()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.migrationLockWait()).isEqualTo(Duration.ofSeconds(120));
    assertThat(s.migrationLockTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.toMicronautProperties())
        .containsEntry("micronaut.lifecycle.graceful-shutdown.grace-period", "15s");

    Map<String, String> env = minimal();
    env.put("SUPERNOVA_SHUTDOWN_GRACE_SECONDS", "40");
    env.put("SUPERNOVA_MIGRATION_LOCK_TIMEOUT_SECONDS", "3");
    Settings custom = Settings.fromEnv(env);
    assertThat(custom.toMicronautProperties())
        .containsEntry("micronaut.lifecycle.graceful-shutdown.grace-period", "40s");
    assertThat(custom.migrationLockTimeout()).isEqualTo(Duration.ofSeconds(3));

    env.put("SUPERNOVA_MIGRATION_LOCK_WAIT_SECONDS", "0");
    assertThatThrownBy(() -> Settings.fromEnv(env))
        .hasMessageContaining("SUPERNOVA_MIGRATION_LOCK_WAIT_SECONDS must be between 1 and 3600");
  }

  @Test
  void postgresqlUrlBecomesJdbcWithCredentialsSeparatedAndPgBouncerSafe() {
    Settings s = Settings.fromEnv(minimal());
    assertThat(s.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://db.example:6432/supernova?sslmode=disable&prepareThreshold=0&socketTimeout=10");
    assertThat(s.databaseUser()).isEqualTo("app");
    assertThat(s.databasePassword()).isEqualTo("s@cret");
  }

  @Test
  void jdbcUrlIsAcceptedAndSeparateCredentialsWin() {
    Map<String, String> env = minimal();
    env.put("DATABASE_URL", "jdbc:postgresql://pooler:5432/supernova");
    env.put("DATABASE_USER", "operator-user");
    env.put("DATABASE_PASSWORD", "operator-pass");
    Settings s = Settings.fromEnv(env);
    assertThat(s.jdbcUrl())
        .isEqualTo("jdbc:postgresql://pooler:5432/supernova?prepareThreshold=0&socketTimeout=10");
    assertThat(s.databaseUser()).isEqualTo("operator-user");
    assertThat(s.databasePassword()).isEqualTo("operator-pass");
    assertThat(s.toMicronautProperties())
        .containsEntry("datasources.default.username", "operator-user")
        .containsEntry("datasources.default.maximum-pool-size", 10);
  }

  @Test
  void explicitPrepareThresholdIsKept() {
    Map<String, String> env = minimal();
    env.put("DATABASE_URL", "jdbc:postgresql://db/x?prepareThreshold=5");
    assertThat(Settings.fromEnv(env).jdbcUrl()).endsWith("?prepareThreshold=5&socketTimeout=10");
    // A URL's own socket timeout is kept (0: none).
    env.put("DATABASE_URL", "jdbc:postgresql://db/x?socketTimeout=0");
    assertThat(Settings.fromEnv(env).jdbcUrl()).endsWith("?socketTimeout=0&prepareThreshold=0");
  }

  @Test
  void redisUrlAndPasswordOverride() {
    Settings s = Settings.fromEnv(minimal());
    assertThat(s.redis().host()).isEqualTo("redis");
    assertThat(s.redis().port()).isEqualTo(6380);
    assertThat(s.redis().database()).isEqualTo(2);
    assertThat(s.redis().password()).isEqualTo("redispass");
    Map<String, String> env = minimal();
    env.put("REDIS_PASSWORD", "other");
    assertThat(Settings.fromEnv(env).redis().password()).isEqualTo("other");
  }

  @Test
  void sentinelsNameTheMasterAndThePasswordStaysOutOfToString() {
    assertThat(Settings.fromEnv(minimal()).redis().sentinel()).isFalse();
    Map<String, String> env = minimal();
    env.put("REDIS_SENTINELS", "r-0.r.ns.svc:26379, r-1.r.ns.svc:26379,r-2.r.ns.svc:26379");
    env.put("REDIS_MASTER_NAME", "supernova");
    RedisSettings redis = Settings.fromEnv(env).redis();
    assertThat(redis.sentinel()).isTrue();
    assertThat(redis.sentinels())
        .containsExactly("r-0.r.ns.svc:26379", "r-1.r.ns.svc:26379", "r-2.r.ns.svc:26379");
    assertThat(redis.masterName()).isEqualTo("supernova");
    assertThat(redis.toString()).contains("sentinels=").doesNotContain("redispass");

    env.remove("REDIS_MASTER_NAME");
    assertThatThrownBy(() -> Settings.fromEnv(env)).hasMessageContaining("REDIS_MASTER_NAME");
    env.put("REDIS_MASTER_NAME", "supernova");
    env.put("REDIS_SENTINELS", "r-0:26379,r-1");
    assertThatThrownBy(() -> Settings.fromEnv(env)).hasMessageContaining("host:port");
    env.put("REDIS_SENTINELS", "r-0:http");
    assertThatThrownBy(() -> Settings.fromEnv(env)).hasMessageContaining("port");
  }

  @Test
  void selfRegistrationIsOffAndThereIsNoAdministratorUnlessConfigured() {
    Settings s = Settings.fromEnv(minimal());
    assertThat(s.accounts().selfRegistration()).isFalse();
    assertThat(s.accounts().hasAdmin()).isFalse();

    Map<String, String> env = minimal();
    env.put("SUPERNOVA_SELF_REGISTRATION", "true");
    env.put("SUPERNOVA_ADMIN_USERNAME", "root");
    env.put("SUPERNOVA_ADMIN_PASSWORD", " secret with spaces ");
    Settings on = Settings.fromEnv(env);
    assertThat(on.accounts().selfRegistration()).isTrue();
    assertThat(on.accounts().adminUsername()).isEqualTo("root");
    assertThat(on.accounts().adminPassword()).isEqualTo(" secret with spaces ");
    assertThat(on.toString()).contains("root").doesNotContain("secret with spaces");
  }

  @Test
  void anAdministratorNeedsBothNameAndAStrongEnoughPassword() {
    Map<String, String> nameOnly = minimal();
    nameOnly.put("SUPERNOVA_ADMIN_USERNAME", "root");
    assertThatThrownBy(() -> Settings.fromEnv(nameOnly))
        .hasMessageContaining("SUPERNOVA_ADMIN_PASSWORD");
    Map<String, String> weak = minimal();
    weak.put("SUPERNOVA_ADMIN_USERNAME", "root");
    weak.put("SUPERNOVA_ADMIN_PASSWORD", "hunter2");
    assertThatThrownBy(() -> Settings.fromEnv(weak))
        .hasMessage("SUPERNOVA_ADMIN_PASSWORD must be 12 to 72 bytes long");
    Map<String, String> badName = minimal();
    badName.put("SUPERNOVA_ADMIN_USERNAME", "root user");
    badName.put("SUPERNOVA_ADMIN_PASSWORD", "a-long-enough-password");
    assertThatThrownBy(() -> Settings.fromEnv(badName))
        .hasMessageContaining("SUPERNOVA_ADMIN_USERNAME");
  }

  @Test
  void eachMissingRequiredSettingIsNamed() {
    for (String name : new String[] {"DATABASE_URL", "REDIS_URL", "JWT_SECRET_KEY"}) {
      Map<String, String> env = minimal();
      env.remove(name);
      assertThatThrownBy(() -> Settings.fromEnv(env))
          .isInstanceOf(ConfigException.class)
          .hasMessage("missing required setting " + name);
    }
  }

  @Test
  void invalidValuesAreNamedWithoutEchoingThem() {
    Map<String, String> env = minimal();
    env.put("DATABASE_POOL_SIZE", "lots");
    assertThatThrownBy(() -> Settings.fromEnv(env))
        .hasMessage("DATABASE_POOL_SIZE must be an integer");

    Map<String, String> shortKey = minimal();
    shortKey.put("JWT_SECRET_KEY", "too-short-secret");
    assertThatThrownBy(() -> Settings.fromEnv(shortKey))
        .hasMessageContaining("JWT_SECRET_KEY")
        .hasMessageNotContaining("too-short-secret");

    Map<String, String> badUrl = minimal();
    badUrl.put("DATABASE_URL", "mysql://u:hunter2@h/db");
    assertThatThrownBy(() -> Settings.fromEnv(badUrl))
        .hasMessageContaining("DATABASE_URL")
        .hasMessageNotContaining("hunter2");

    Map<String, String> badBool = minimal();
    badBool.put("ENABLE_WEBSOCKETS", "maybe");
    assertThatThrownBy(() -> Settings.fromEnv(badBool)).hasMessageContaining("ENABLE_WEBSOCKETS");
  }

  @Test
  void dataRetentionDefaultsToOneYear() {
    Settings s = Settings.fromEnv(minimal());
    assertThat(s.dataRetentionDays()).isEqualTo(365);
    assertThat(s.keepsDataForever()).isFalse();
  }

  @Test
  void dataRetentionZeroOrNeverKeepsForEverAndBoundsAreInclusive() {
    for (String value : new String[] {"0", "never", " NEVER "}) {
      Map<String, String> env = minimal();
      env.put("SUPERNOVA_DATA_RETENTION_DAYS", value);
      Settings s = Settings.fromEnv(env);
      assertThat(s.dataRetentionDays()).as(value).isZero();
      assertThat(s.keepsDataForever()).as(value).isTrue();
    }
    for (int days : new int[] {1, 30, 36_500}) {
      Map<String, String> env = minimal();
      env.put("SUPERNOVA_DATA_RETENTION_DAYS", " " + days + " ");
      assertThat(Settings.fromEnv(env).dataRetentionDays()).isEqualTo(days);
    }
    Map<String, String> blank = minimal();
    blank.put("SUPERNOVA_DATA_RETENTION_DAYS", "  ");
    assertThat(Settings.fromEnv(blank).dataRetentionDays()).isEqualTo(365);
  }

  @Test
  void badDataRetentionIsNamedWithTheAllowedValues() {
    for (String value : new String[] {"-1", "36501", "1y", "365d", "2.5", "forever"}) {
      Map<String, String> env = minimal();
      env.put("SUPERNOVA_DATA_RETENTION_DAYS", value);
      assertThatThrownBy(() -> Settings.fromEnv(env))
          .as(value)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("SUPERNOVA_DATA_RETENTION_DAYS must be")
          .hasMessageContaining("0 or never keeps the time series for ever");
    }
    Map<String, String> tooLong = minimal();
    tooLong.put("SUPERNOVA_DATA_RETENTION_DAYS", "36501");
    assertThatThrownBy(() -> Settings.fromEnv(tooLong))
        .hasMessageStartingWith("SUPERNOVA_DATA_RETENTION_DAYS must be between 0 and 36500");
  }

  @Test
  void toStringNeverShowsSecrets() {
    Map<String, String> env = minimal();
    env.put("DATABASE_URL", "jdbc:postgresql://db/x?user=a&password=pw-in-url");
    String text = Settings.fromEnv(env).toString() + Settings.fromEnv(minimal()).toString();
    assertThat(text)
        .doesNotContain("pw-in-url")
        .doesNotContain("s@cret")
        .doesNotContain("redispass")
        .doesNotContain("0123456789abcdef0123456789abcdef");
  }
}
