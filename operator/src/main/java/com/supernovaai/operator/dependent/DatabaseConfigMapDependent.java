package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.PatroniConfig;
import com.supernovaai.operator.config.PostgresConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * postgresql.conf (sized from the memory limit), pg_hba.conf and the init script; for a replicated
 * database patroni.yml with the same settings instead of the two files.
 */
public class DatabaseConfigMapDependent extends StackDependent<ConfigMap> {

  public static final String POSTGRESQL_CONF = "postgresql.conf";
  public static final String PG_HBA_CONF = "pg_hba.conf";
  public static final String PATRONI_YML = "patroni.yml";

  private static final long FALLBACK_MEMORY = 16L * 1024 * 1024 * 1024;

  public DatabaseConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.databaseConfig(stack);
  }

  @Override
  protected ConfigMap desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var database = stack.getSpec().getDatabase();
    var resources = Defaults.database(database.getResources());
    long memory = Defaults.memoryBytes(resources, FALLBACK_MEMORY);
    int cpus = Defaults.cpuCores(resources, 4);
    var config =
        new ConfigMapBuilder()
            .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_DATABASE)))
            .addToData(Scripts.DATABASE_INIT, Scripts.load(Scripts.DATABASE_INIT));
    if (database.replicated()) {
      // The same tuning as a single instance, through Patroni (which writes both files itself).
      return config
          .addToData(
              PATRONI_YML,
              PatroniConfig.render(
                  DatabasePatroniPod.cluster(stack),
                  PostgresConfig.parameters(
                      memory,
                      cpus,
                      DatabaseArchiving.withArchiving(stack, database.getParameters())),
                  Boolean.TRUE.equals(database.getSynchronous())))
          .addToData(DatabaseArchiving.configMapData(stack))
          .build();
    }
    return config
        .addToData(
            POSTGRESQL_CONF,
            PostgresConfig.render(
                memory, cpus, DatabaseArchiving.withArchiving(stack, database.getParameters())))
        .addToData(PG_HBA_CONF, PostgresConfig.hba())
        .addToData(DatabaseArchiving.configMapData(stack))
        .addToData(DatabasePointInTimeRecovery.configMapData(stack))
        .build();
  }
}
