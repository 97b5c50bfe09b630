package com.supernovaai.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** The one line an operator that cannot watch logs, from the API server's answer to its list. */
class WatchDiagnosisTest {

  @Test
  void aCustomResourceTheServerDoesNotKnowIsAMissingCrd() {
    var e = error(404, "NotFound", "the server could not find the requested resource");

    assertThat(WatchDiagnosis.describe(SuperNovaStack.class, "shop", e))
        .isEqualTo(
            "CRD supernovastacks.ops.supernova-ai.com is not installed (the API server answered"
                + " 404: the server could not find the requested resource)");
  }

  @Test
  void aForbiddenListNamesTheResourceTheNamespaceAndCarriesTheServersMessage() {
    String message =
        "deployments.apps is forbidden: User \"system:serviceaccount:ops:supernova\" cannot list"
            + " resource \"deployments\" in API group \"apps\" in the namespace \"shop\"";

    assertThat(WatchDiagnosis.describe(Deployment.class, "shop", error(403, "Forbidden", message)))
        .isEqualTo("cannot watch deployments.apps in namespace shop: forbidden: " + message);
    assertThat(WatchDiagnosis.describe(Deployment.class, null, error(404, "NotFound", "gone")))
        .as("a built-in kind that is not served is not a CRD")
        .isEqualTo("cannot watch deployments.apps in all namespaces: 404 gone");
  }

  private static KubernetesClientException error(int code, String reason, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build());
  }
}
