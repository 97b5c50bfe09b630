package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.PatroniConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.TreeMap;

/**
 * {@code <stack>-db-ro}: the replicas of a replicated database, by the role label Patroni puts on
 * each member's pod. Patroni 3.0 labels the leader {@code master} and Patroni 4 {@code primary}, so
 * nothing selects on the leader's label; {@code replica} is the same in both.
 */
public class DatabaseReadOnlyServiceDependent extends StackDependent<Service> {

  public DatabaseReadOnlyServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.databaseReadOnly(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var selector = new TreeMap<>(Labels.selector(stack, Labels.COMPONENT_DATABASE));
    selector.put(PatroniConfig.ROLE_LABEL, PatroniConfig.REPLICA_ROLE);
    return new ServiceBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_DATABASE)))
        .withSpec(Services.clusterIp(selector, "postgres", StackNames.DATABASE_PORT))
        .build();
  }
}
