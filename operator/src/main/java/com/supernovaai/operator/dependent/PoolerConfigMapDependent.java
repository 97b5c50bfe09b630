package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.PgBouncerConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * pgbouncer.ini pointing at the database Service (or the external database), which follows the
 * primary; for a replicated database also a read-only pool on the replicas.
 */
public class PoolerConfigMapDependent extends StackDependent<ConfigMap> {

  public PoolerConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.poolerConfig(stack);
  }

  @Override
  protected ConfigMap desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var external = stack.getSpec().getDatabase().getExternal();
    String ini =
        external != null
            ? PgBouncerConfig.ini(
                stack.getSpec().getPooler(),
                external.getHost(),
                external.getPort(),
                external.getDatabase(),
                true)
            : PgBouncerConfig.ini(
                stack.getSpec().getPooler(),
                StackNames.serviceHost(stack, StackNames.database(stack)),
                stack.getSpec().getDatabase().replicated()
                    ? StackNames.serviceHost(stack, StackNames.databaseReadOnly(stack))
                    : null,
                StackNames.DATABASE_PORT,
                StackNames.DATABASE_NAME,
                false);
    return new ConfigMapBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_POOLER)))
        .addToData(PgBouncerConfig.INI, ini)
        .build();
  }
}
