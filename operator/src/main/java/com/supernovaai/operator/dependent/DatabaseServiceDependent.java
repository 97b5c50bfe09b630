package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The database's stable address, {@code <stack>-db}: a ClusterIP Service in front of TimescaleDB,
 * or an ExternalName Service for database.external; for a replicated database it follows the
 * primary. It always exists and carries the database's readiness, so the API and the backup,
 * restore and rotation Jobs depend on it whichever database is used. The pooler does not wait for
 * it: it starts beside the database, once the credentials exist.
 */
public class DatabaseServiceDependent extends StackDependent<Service> {

  public DatabaseServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.database(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var external = stack.getSpec().getDatabase().getExternal();
    var service =
        new ServiceBuilder()
            .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_DATABASE)));
    if (external != null) {
      return service
          .withNewSpec()
          .withType("ExternalName")
          .withExternalName(external.getHost())
          .addNewPort()
          .withName("postgres")
          .withPort(external.getPort())
          .withProtocol("TCP")
          .endPort()
          .endSpec()
          .build();
    }
    if (stack.getSpec().getDatabase().replicated()) {
      // No selector: Patroni writes the Endpoints (the leader's address) in the same update that
      // takes the leader key, so the Service never names a pod that lost it.
      return service
          .withSpec(Services.clusterIp(null, "postgres", StackNames.DATABASE_PORT))
          .build();
    }
    return service
        .withSpec(
            Services.clusterIp(
                Labels.selector(stack, Labels.COMPONENT_DATABASE),
                "postgres",
                StackNames.DATABASE_PORT))
        .build();
  }
}
