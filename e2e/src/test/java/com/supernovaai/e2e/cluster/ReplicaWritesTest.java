package com.supernovaai.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaWritesTest {

  private static final String OPERATOR = "operator";
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void anOperatorApplyThatResetsTheAutoscalersSizeIsAnOverride() {
    AuditLog.Write reset = apply("api-blue", 1);
    List<AuditLog.Write> writes = List.of(scale("api-blue", 3), reset);

    assertThat(ReplicaWrites.overridesOfAutoscaler(writes, OPERATOR)).containsExactly(reset);
  }

  @Test
  void writesThatKeepTheSizeOrLeaveReplicasOutAreNot() {
    List<AuditLog.Write> writes =
        List.of(scale("api-blue", 3), apply("api-blue", 3), apply("api-blue", null));

    assertThat(ReplicaWrites.overridesOfAutoscaler(writes, OPERATOR)).isEmpty();
  }

  @Test
  void beforeTheAutoscalerSizedADeploymentItsSizeIsTheCreatorsAndADeletionStartsOver() {
    List<AuditLog.Write> writes =
        List.of(
            apply("api-green", 1),
            apply("api-green", 2),
            scale("api-green", 3),
            write("delete", "api-green", null, null),
            apply("api-green", 1));

    assertThat(ReplicaWrites.overridesOfAutoscaler(writes, OPERATOR)).isEmpty();
  }

  @Test
  void theSizeFollowsEveryWriterAndOnlyTheGivenUsersOverridesCount() {
    AuditLog.Write override = apply("api-blue", 3);
    List<AuditLog.Write> writes =
        List.of(
            scale("api-blue", 3),
            write("patch", "api-blue", "kubectl-user", "{\"spec\":{\"replicas\":2}}"),
            override,
            scale("api-green", 2),
            apply("api-blue", 3));

    assertThat(ReplicaWrites.overridesOfAutoscaler(writes, OPERATOR)).containsExactly(override);
  }

  @Test
  void everyWriteOfReplicasAfterTheAutoscalersFirstCountsAsASetEvenWithTheSameValue() {
    AuditLog.Write same = apply("api-blue", 3);
    List<AuditLog.Write> writes =
        List.of(
            apply("api-blue", 1),
            scale("api-blue", 3),
            same,
            apply("api-blue", null),
            write("delete", "api-blue", null, null),
            apply("api-blue", 1));

    assertThat(ReplicaWrites.setsAfterAutoscaler(writes, OPERATOR)).containsExactly(same);
  }

  @Test
  void aDeploymentTheAutoscalerNoLongerTargetsIsItsCreatorsAgain() {
    // Blue was autoscaled; a promotion points the HPA at green; after the scale-down delay the
    // operator scales blue, now the old color, to 0: not an override, the HPA has let it go.
    AuditLog.Write scaleDown = apply("api-blue", 0);
    List<AuditLog.Write> writes =
        List.of(
            hpa("api", "api-blue"),
            scale("api-blue", 3),
            apply("api-green", 1),
            hpa("api", "api-green"),
            scaleDown);

    assertThat(ReplicaWrites.overridesOfAutoscaler(writes, OPERATOR)).isEmpty();
    assertThat(ReplicaWrites.setsAfterAutoscaler(writes, OPERATOR)).isEmpty();
  }

  @Test
  void anHpaWriteThatKeepsItsTargetLeavesItAutoscaled() {
    AuditLog.Write reset = apply("api-blue", 1);
    List<AuditLog.Write> writes =
        List.of(hpa("api", "api-blue"), scale("api-blue", 3), hpa("api", "api-blue"), reset);

    assertThat(ReplicaWrites.overridesOfAutoscaler(writes, OPERATOR)).containsExactly(reset);
    assertThat(ReplicaWrites.setsAfterAutoscaler(writes, OPERATOR)).containsExactly(reset);
  }

  @Test
  void deletingTheHpaLetsItsTargetGo() {
    List<AuditLog.Write> writes =
        List.of(
            hpa("api", "api-blue"),
            scale("api-blue", 3),
            new AuditLog.Write(
                T, "delete", OPERATOR, "horizontalpodautoscalers", null, "ns", "api", 200, null),
            apply("api-blue", 2));

    assertThat(ReplicaWrites.overridesOfAutoscaler(writes, OPERATOR)).isEmpty();
    assertThat(ReplicaWrites.setsAfterAutoscaler(writes, OPERATOR)).isEmpty();
  }

  @Test
  void refusedWritesChangeNothing() {
    AuditLog.Write refused =
        new AuditLog.Write(
            T, "patch", OPERATOR, "deployments", null, "ns", "api-blue", 409, body(1));

    assertThat(
            ReplicaWrites.overridesOfAutoscaler(List.of(scale("api-blue", 2), refused), OPERATOR))
        .isEmpty();
  }

  private static AuditLog.Write scale(String name, int replicas) {
    return new AuditLog.Write(
        T,
        "update",
        ReplicaWrites.AUTOSCALER,
        "deployments",
        "scale",
        "ns",
        name,
        200,
        "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"spec\":{\"replicas\":"
            + replicas
            + "}}");
  }

  /** The operator's apply of the HPA {@code name}, pointed at Deployment {@code target}. */
  private static AuditLog.Write hpa(String name, String target) {
    return new AuditLog.Write(
        T,
        "patch",
        OPERATOR,
        "horizontalpodautoscalers",
        null,
        "ns",
        name,
        200,
        "{\"apiVersion\":\"autoscaling/v2\",\"kind\":\"HorizontalPodAutoscaler\","
            + "\"spec\":{\"scaleTargetRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
            + "\"name\":\""
            + target
            + "\"},\"minReplicas\":1}}");
  }

  private static AuditLog.Write apply(String name, Integer replicas) {
    return write("patch", name, OPERATOR, body(replicas));
  }

  private static AuditLog.Write write(String verb, String name, String user, String body) {
    return new AuditLog.Write(T, verb, user, "deployments", null, "ns", name, 200, body);
  }

  private static String body(Integer replicas) {
    return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{"
        + (replicas == null ? "" : "\"replicas\":" + replicas + ",")
        + "\"minReadySeconds\":10}}";
  }
}
