package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.dependent.ReferencedSecrets;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user reads in Degraded when one of the stack's objects could not be written. */
class ChildWriteFaultsTest {

  private static final String CONFLICT =
      "Operation cannot be fulfilled on services \"prod-api\": the object has been modified;"
          + " please apply your changes to the latest version and try again";

  @Test
  void aNameHeldByAnotherObjectNamesTheObjectAndCarriesTheServersMessage() {
    var fault =
        ChildWriteFaults.fault(
            List.of(
                new ChildWriteFaults.Failure(
                    "Service", "prod-api", api(409, "Conflict", CONFLICT), true)));

    assertThat(fault.reason()).isEqualTo(Reasons.NAME_TAKEN);
    assertThat(fault.message())
        .isEqualTo("Service prod-api exists and is not owned by this stack: " + CONFLICT);
    assertThat(fault.blocksReady()).isTrue();
  }

  @Test
  void aConflictOnTheStacksOwnObjectIsARetryNotATakenName() {
    var fault =
        ChildWriteFaults.fault(
            List.of(
                new ChildWriteFaults.Failure(
                    "Service", "prod-api", api(409, "Conflict", CONFLICT), false)));

    assertThat(fault.reason()).isEqualTo(Reasons.RECONCILE_ERROR);
    assertThat(fault.message()).isEqualTo("Service prod-api: " + CONFLICT);
  }

  @Test
  void refusalsAndForbiddenWritesCarryTheServersMessageAndItsCauses() {
    var invalid =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("admission webhook \"policy.example.com\" denied the request")
                .withNewDetails()
                .withName("prod-db")
                .addNewCause()
                .withField("spec.template.spec.containers[0].image")
                .withMessage("images must come from registry.internal")
                .endCause()
                .endDetails()
                .build());
    var forbidden =
        api(
            403,
            "Forbidden",
            "statefulsets.apps \"prod-db\" is forbidden: User \"op\" cannot patch resource");

    var refused =
        ChildWriteFaults.fault(
            List.of(new ChildWriteFaults.Failure("StatefulSet", "prod-db", invalid, false)));
    assertThat(refused.reason()).isEqualTo(Reasons.CHILD_WRITE_REFUSED);
    assertThat(refused.message())
        .isEqualTo(
            "StatefulSet prod-db was refused: admission webhook \"policy.example.com\" denied the"
                + " request (spec.template.spec.containers[0].image: images must come from"
                + " registry.internal)");

    var both =
        ChildWriteFaults.fault(
            List.of(
                new ChildWriteFaults.Failure("StatefulSet", "prod-db", invalid, false),
                new ChildWriteFaults.Failure("StatefulSet", "prod-redis", forbidden, false)));
    assertThat(both.reason())
        .as("the more specific reason wins")
        .isEqualTo(Reasons.CHILD_WRITE_FORBIDDEN);
    assertThat(both.message())
        .startsWith("StatefulSet prod-redis may not be written: statefulsets.apps")
        .contains("; StatefulSet prod-db was refused: ");
  }

  @Test
  void aSecretsRefusalNeverQuotesTheServersMessage() {
    var e =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage(
                    "Secret \"prod-jwt\" is invalid: data[key]: Invalid value: \"hunter2\"")
                .withNewDetails()
                .addNewCause()
                .withField("data[key]")
                .withMessage("Invalid value: \"hunter2\"")
                .endCause()
                .endDetails()
                .build());

    var fault =
        ChildWriteFaults.fault(
            List.of(
                new ChildWriteFaults.Failure(
                    "Secret", "prod-jwt", new RuntimeException("wrapped", e), false)));

    assertThat(fault.message())
        .isEqualTo("Secret prod-jwt was refused: 422 Invalid (data[key])")
        .doesNotContain("hunter2");
  }

  @Test
  void errorsThatAreNotTheApiServersCarryNoMessageButOurOwn() {
    var fault =
        ChildWriteFaults.fault(
            List.of(
                new ChildWriteFaults.Failure(
                    "Deployment", null, new IllegalArgumentException("secret value"), false),
                new ChildWriteFaults.Failure(
                    "Secret",
                    null,
                    new IllegalStateException(
                        new ReferencedSecrets.MissingCredentialsException(
                            "prod-db-credentials", "password")),
                    false)));

    assertThat(fault.reason()).isEqualTo(Reasons.RECONCILE_ERROR);
    assertThat(fault.message())
        .isEqualTo(
            "Deployment: IllegalArgumentException; Secret prod-db-credentials has no key"
                + " password (yet)")
        .doesNotContain("secret value");
  }

  @Test
  void anExceptionOutsideTheWorkflowIsNamedByTheResourceOfItsRequest() {
    var fault = ChildWriteFaults.of(api(500, "InternalError", "etcdserver: request timed out"));

    assertThat(fault.reason()).isEqualTo(Reasons.RECONCILE_ERROR);
    assertThat(fault.message()).isEqualTo("An object: etcdserver: request timed out");
  }

  @Test
  void theStacksOwnObjectsAreTheOnesItOwnsOrLabelledForIt() {
    var stack = Stacks.minimal();
    var owned =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("prod-api")
            .withOwnerReferences(new OwnerReferenceBuilder().withUid("uid-1").build())
            .endMetadata()
            .build();
    var retainedSecret =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("prod-api")
            .addToLabels(Labels.MANAGED_BY, Labels.OPERATOR)
            .addToLabels(Labels.INSTANCE, "prod")
            .endMetadata()
            .build();
    var helmRelease =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("prod-api")
            .addToLabels(Labels.MANAGED_BY, "Helm")
            .addToLabels(Labels.INSTANCE, "prod")
            .withOwnerReferences(new OwnerReferenceBuilder().withUid("uid-other").build())
            .endMetadata()
            .build();

    assertThat(ChildWriteFaults.belongsTo(owned, stack)).isTrue();
    assertThat(ChildWriteFaults.belongsTo(retainedSecret, stack)).isTrue();
    assertThat(ChildWriteFaults.belongsTo(helmRelease, stack)).isFalse();
  }

  private static KubernetesClientException api(int code, String reason, String message) {
    Status status =
        new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build();
    return new KubernetesClientException(status);
  }
}
