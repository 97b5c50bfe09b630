package com.supernovaai.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * Asks the API server why an informer cannot start or keep watching, and says it in one sentence:
 * the list it answers (a CRD that is not installed, a forbidden list), else whether the operator
 * may watch.
 */
final class WatchDiagnosis {

  private WatchDiagnosis() {}

  static String diagnose(
      KubernetesClient client, InformerLiveness.Failing failing, Duration grace) {
    String resource = failing.resource();
    String where = where(failing.namespace());
    try {
      var resources = client.resources(failing.type());
      var options = new ListOptionsBuilder().withLimit(1L).build();
      if (failing.namespace() == null) {
        resources.inAnyNamespace().list(options);
      } else {
        resources.inNamespace(failing.namespace()).list(options);
      }
    } catch (KubernetesClientException e) {
      return describe(failing.type(), failing.namespace(), e);
    }
    if (!mayWatch(client, failing)) {
      return "cannot watch " + resource + where + ": RBAC grants list but not watch";
    }
    return "the informer for "
        + resource
        + where
        + " has not synced or watched for "
        + grace.toSeconds()
        + " s although the API server answers its list";
  }

  /** Pure: one sentence from the API server's answer to a list. */
  static String describe(
      Class<? extends HasMetadata> type, String namespace, KubernetesClientException e) {
    String resource = HasMetadata.getFullResourceName(type);
    String server =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    if (e.getCode() == 404 && isCustom(type)) {
      return "CRD " + resource + " is not installed (the API server answered 404: " + server + ")";
    }
    if (e.getCode() == 403) {
      return "cannot watch " + resource + where(namespace) + ": forbidden: " + server;
    }
    return "cannot watch "
        + resource
        + where(namespace)
        + ": "
        + (e.getCode() > 0 ? e.getCode() + " " : "")
        + server;
  }

  private static boolean mayWatch(KubernetesClient client, InformerLiveness.Failing failing) {
    try {
      SelfSubjectAccessReview review =
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec()
              .withNewResourceAttributes()
              .withGroup(HasMetadata.getGroup(failing.type()))
              .withResource(HasMetadata.getPlural(failing.type()))
              .withVerb("watch")
              .withNamespace(failing.namespace())
              .endResourceAttributes()
              .endSpec()
              .build();
      var answer = client.resource(review).create();
      return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    } catch (KubernetesClientException e) {
      return true; // cannot tell: say what is known
    }
  }

  /** Built-in groups are "" (core), one word (apps, batch) or end in .k8s.io. */
  private static boolean isCustom(Class<? extends HasMetadata> type) {
    String group = HasMetadata.getGroup(type);
    return group.contains(".") && !group.endsWith(".k8s.io");
  }

  private static String where(String namespace) {
    return namespace == null ? " in all namespaces" : " in namespace " + namespace;
  }
}
