package com.supernovaai.api;

import com.supernovaai.api.config.ConfigException;
import com.supernovaai.api.config.Settings;
import com.supernovaai.api.schema.MigrationFailedException;

/** Entry point of {@code supernova-api.jar}: reads the environment, starts, drains on SIGTERM. */
public final class Application {

  /** Exit code of a failed migration; the operator aborts a blue-green rollout on it. */
  public static final int EXIT_MIGRATION_FAILED = 3;

  private Application() {}

  public static void main(String[] args) {
    NameLookups.configure();
    Settings settings;
    try {
      settings = Settings.fromEnv(System.getenv());
    } catch (ConfigException e) {
      // One clear line naming the setting; never its value.
      System.err.println("supernova-api: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    ApiServer server;
    try {
      server = ApiServer.start(settings);
    } catch (MigrationFailedException e) {
      // A contract with the operator (docs/image-contract.md): the message, then exit code 3.
      System.err.println("supernova-api: " + e.getMessage());
      TerminationMessage.fromEnv(System.getenv()).write(e.getMessage());
      System.exit(EXIT_MIGRATION_FAILED);
      return;
    } catch (RuntimeException e) {
      System.err.println(
          "supernova-api: start-up failed: " + ApiServer.describeStartUpFailure(e, settings));
      System.exit(1);
      return;
    }
    // SIGTERM (Kubernetes stopping the pod): drain, stop, then exit 0. A completed graceful
    // shutdown is a success; left to the JVM it would end with 143, which Kubernetes shows as an
    // Error. halt() is safe here: the server is closed and nothing else registers a hook.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdownGracefully();
                  Runtime.getRuntime().halt(0);
                },
                "supernova-shutdown"));
  }
}
