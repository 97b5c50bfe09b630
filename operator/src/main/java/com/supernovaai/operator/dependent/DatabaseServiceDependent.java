package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The database's stable address, {@code <stack>-db}: a ClusterIP Service in front of TimescaleDB,
 * or an ExternalName Service for database.external. It always exists, so the pooler and the API can
 * depend on it (and on its readiness) whichever database is used.
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
    var builder =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name(stack))
            .withNamespace(StackNames.namespace(stack))
            .withLabels(Labels.of(stack, Labels.COMPONENT_DATABASE))
            .endMetadata();
    if (external != null) {
      return builder
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
    return builder
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(stack, Labels.COMPONENT_DATABASE))
        .addNewPort()
        .withName("postgres")
        .withPort(StackNames.DATABASE_PORT)
        .withNewTargetPort("postgres")
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
