package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.PgBouncerConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PgBouncer's userlist.txt, derived from the database credentials (it follows a rotation). */
public class PoolerUserlistSecretDependent extends StackDependent<Secret> {

  public PoolerUserlistSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.poolerUserlist(stack);
  }

  @Override
  protected Secret desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var source = ReferencedSecrets.database(stack, context);
    String secretName = ReferencedSecrets.databaseSecretName(stack);
    String user = ReferencedSecrets.require(source, secretName, ReferencedSecrets.USERNAME);
    String password = ReferencedSecrets.require(source, secretName, ReferencedSecrets.PASSWORD);
    return new SecretBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_POOLER)))
        .withType("Opaque")
        .addToData(
            PgBouncerConfig.USERLIST,
            Base64.getEncoder()
                .encodeToString(
                    PgBouncerConfig.userlist(user, password).getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
