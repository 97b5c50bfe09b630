package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Governing (headless) Service of the database StatefulSet: stable pod DNS names. */
public class DatabaseHeadlessServiceDependent extends StackDependent<Service> {

  public DatabaseHeadlessServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.databaseHeadless(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ServiceBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_DATABASE)))
        .withSpec(
            Services.headless(
                Labels.selector(stack, Labels.COMPONENT_DATABASE),
                "postgres",
                StackNames.DATABASE_PORT))
        .build();
  }
}
