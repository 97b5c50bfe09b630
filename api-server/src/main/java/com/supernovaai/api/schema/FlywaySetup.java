package com.supernovaai.api.schema;

import com.supernovaai.api.config.Settings;
import io.micronaut.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway settings that are not plain properties: the callback that names a failed migration, and
 * how long a replica waits for another replica's migration (Flyway's lock, retried once a second)
 * before giving up start-up (exit 1, restarted by the kubelet) instead of waiting for ever. It
 * replaces micronaut-flyway's default customizer, which only adds named Flyway beans (Java
 * migrations, callbacks, resolvers) that this server does not declare.
 */
@Singleton
@Named("default")
public class FlywaySetup implements FlywayConfigurationCustomizer {

  private final MigrationCallbacks callbacks;
  private final int lockWaitSeconds;

  public FlywaySetup(MigrationCallbacks callbacks, Settings settings) {
    this.callbacks = callbacks;
    this.lockWaitSeconds = (int) settings.migrationLockWait().toSeconds();
  }

  @Override
  public void customizeFluentConfiguration(FluentConfiguration configuration) {
    configuration.callbacks(callbacks).lockRetryCount(lockWaitSeconds);
  }

  @Override
  public String getName() {
    return "default";
  }
}
