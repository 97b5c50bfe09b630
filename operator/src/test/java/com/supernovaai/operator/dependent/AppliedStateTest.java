package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * When the operator applies a child object again: only when what it would apply changed, or what it
 * applied was changed on the object. The objects are the API Deployment as the operator renders it
 * and as the API server returns it after the apply.
 */
class AppliedStateTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final SuperNovaStack stack = Stacks.minimal();
  private final ApiDeploymentDependent blue = new ApiDeploymentDependent.Blue();

  @Test
  void theObjectAsTheServerStoredTheApplyMatches() {
    assertThat(AppliedState.matches(stored(desired()), desired())).isTrue();
  }

  @Test
  void whatOthersAddIsNotADifference() {
    Deployment stored = stored(desired());
    stored.getMetadata().getLabels().put("team", "payments"); // a user's label
    stored.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "3");
    Container api = stored.getSpec().getTemplate().getSpec().getContainers().get(0);
    api.getEnv().add(new EnvVar("INJECTED_BY_A_WEBHOOK", "1", null)); // another manager's item
    api.getEnv().add(0, new EnvVar("ANOTHER_ONE", "2", null));
    stored.setStatus(new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(2).build());

    assertThat(AppliedState.matches(stored, desired())).isTrue();
  }

  @Test
  void aQuantityTheServerWroteInItsCanonicalFormIsTheSame() {
    Deployment desired = desired();
    Container api = desired.getSpec().getTemplate().getSpec().getContainers().get(0);
    api.getResources().getLimits().put("cpu", new Quantity("1000m"));
    api.getResources().getRequests().put("memory", new Quantity("0.5Gi"));
    Deployment stored = stored(desired);
    Container storedApi = stored.getSpec().getTemplate().getSpec().getContainers().get(0);
    storedApi.getResources().getLimits().put("cpu", new Quantity("1"));
    storedApi.getResources().getRequests().put("memory", new Quantity("512Mi"));

    assertThat(AppliedState.matches(stored, desired)).isTrue();
  }

  @Test
  void aFieldChangedByHandIsPutBack() {
    Deployment stored = stored(desired());
    stored.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest");

    assertThat(AppliedState.matches(stored, desired())).isFalse();
  }

  @Test
  void aLabelOrAListItemRemovedByHandIsPutBack() {
    Deployment withoutLabel = stored(desired());
    withoutLabel.getMetadata().getLabels().remove("app.kubernetes.io/part-of");
    Deployment withoutEnv = stored(desired());
    withoutEnv.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().remove(0);

    assertThat(AppliedState.matches(withoutLabel, desired())).isFalse();
    assertThat(AppliedState.matches(withoutEnv, desired())).isFalse();
  }

  @Test
  void anEmptySelectorIsAValueNotNothing() {
    // A NetworkPolicy peer that allows every namespace, on an object that lost it.
    var peer = JSON.convertValue(Map.of("namespaceSelector", Map.of()), JsonNode.class);
    var without = JSON.convertValue(Map.of("podSelector", Map.of()), JsonNode.class);

    assertThat(AppliedState.contains(peer, peer)).isTrue();
    assertThat(AppliedState.contains(without, peer)).isFalse();
  }

  @Test
  void aFieldTheOperatorNoLongerSetsIsAChangeOfTheDesiredState() {
    // Nothing of the new desired state is missing on the object, but the apply that drops the
    // annotation must still be made: the hash tells.
    Deployment before = desired();
    before.getMetadata().getAnnotations().put("ops.supernova-ai.com/dropped-later", "x");
    Deployment stored = stored(before);

    assertThat(AppliedState.matches(stored, desired())).isFalse();
  }

  @Test
  void anObjectAppliedBeforeTheHashExistedIsAppliedOnce() {
    Deployment stored = stored(desired());
    stored.getMetadata().getAnnotations().remove(AppliedState.HASH);

    assertThat(AppliedState.matches(stored, desired())).isFalse();
  }

  @Test
  void whatJosdkAddsBeforeAnApplyIsNotPartOfTheHash() {
    Deployment desired = desired();
    String hash = AppliedState.hash(desired);
    desired.addOwnerReference(stack);
    desired.getMetadata().getAnnotations().put("javaoperatorsdk.io/previous", "a-version");
    desired.getMetadata().setResourceVersion("1");

    assertThat(AppliedState.hash(desired)).isEqualTo(hash);
    assertThat(AppliedState.hash(AppliedState.stamped(desired))).isEqualTo(hash);
  }

  @Test
  void anObjectWithoutAnnotationsHasTheSameHashOnceJosdkAddedItsOwn() {
    // Rendered without annotations (none serialized), then given JOSDK's before an apply or a
    // match: the bench counted one needless apply of every object after its creation.
    var service = new ApiServiceDependent().desired(stack, TestContexts.with());
    String hash = AppliedState.hash(service);
    service
        .getMetadata()
        .setAnnotations(new LinkedHashMap<>(Map.of("javaoperatorsdk.io/previous", "a-version")));

    assertThat(AppliedState.hash(service)).isEqualTo(hash);
  }

  @Test
  void theHashDoesNotDependOnTheOrderOfAMap() {
    Deployment desired = desired();
    Deployment reordered = desired();
    var labels = new TreeMap<String, String>(Comparator.reverseOrder());
    labels.putAll(reordered.getMetadata().getLabels());
    reordered.getMetadata().setLabels(labels);

    assertThat(AppliedState.hash(reordered)).isEqualTo(AppliedState.hash(desired));
  }

  @Test
  void theCanonicalTextIsWhatTheNodesOwnJsonGave() throws Exception {
    // Hashes already stamped on objects were taken of the nodes' toString(): the faster writing
    // must give the same text, or every object would be applied again after an upgrade.
    JsonNode deployment = JSON.convertValue(desired(), JsonNode.class);
    JsonNode awkward =
        JSON.convertValue(
            Map.of(
                "quotes \"and\" \\ back\\slashes", "line\nbreak\ttab\u0001control",
                "unicode", "caf\u00e9 \u2713 \ud83d\ude80 </script>",
                "only quotes", "a \"quoted\" word",
                "only a backslash", "C:\\temp",
                "numbers", List.of(0, -7, 2147483648L, 1.5, 1e10, 0.1),
                "flags", List.of(true, false),
                "empty", Map.of("object", Map.of(), "array", List.of(), "text", "")),
            JsonNode.class);
    ((ObjectNode) awkward).putNull("nothing");

    for (JsonNode node : List.of(deployment, awkward)) {
      assertThat(AppliedState.canonical(node)).isEqualTo(generatorCanonical(node));
    }
  }

  /** The canonical text as it was first written: every value through its node's toString(). */
  private static String generatorCanonical(JsonNode node) {
    StringBuilder out = new StringBuilder();
    if (node.isObject()) {
      var names = new ArrayList<String>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      for (String name : names) {
        out.append(TextNode.valueOf(name)).append(':');
        out.append(generatorCanonical(node.get(name))).append(',');
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (JsonNode item : node) {
        out.append(generatorCanonical(item)).append(',');
      }
      out.append(']');
    } else {
      out.append(node.toString());
    }
    return out.toString();
  }

  private Deployment desired() {
    return blue.desired(stack, TestContexts.with());
  }

  private Deployment stored(Deployment desired) {
    return stored(stack, desired);
  }

  /** What the API server returns after the apply: the object with the hash, its owner, defaults. */
  static Deployment stored(SuperNovaStack stack, Deployment desired) {
    Deployment applied = AppliedState.stamped(JSON.clone(desired));
    applied.addOwnerReference(stack);
    Deployment stored = JSON.clone(applied);
    stored.getMetadata().setResourceVersion("4711");
    stored.getMetadata().setUid("0d3b7f8e-1c2a-4f6b-9a7e-3f2b1c0d9e8f");
    stored.getSpec().setRevisionHistoryLimit(3);
    Container api = stored.getSpec().getTemplate().getSpec().getContainers().get(0);
    api.setImagePullPolicy("IfNotPresent");
    api.setTerminationMessagePath("/dev/termination-log");
    api.getPorts().forEach(p -> p.setProtocol("TCP"));
    stored.getSpec().getTemplate().getSpec().setDnsPolicy("ClusterFirst");
    stored.getSpec().getTemplate().getSpec().setSchedulerName("default-scheduler");
    if (stored.getMetadata().getAnnotations() == null) {
      stored.getMetadata().setAnnotations(Map.of());
    }
    stored.getMetadata().setAnnotations(new LinkedHashMap<>(stored.getMetadata().getAnnotations()));
    stored.getMetadata().setLabels(new LinkedHashMap<>(stored.getMetadata().getLabels()));
    return stored;
  }
}
