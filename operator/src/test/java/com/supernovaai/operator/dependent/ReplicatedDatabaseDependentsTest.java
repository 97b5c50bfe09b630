package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code database.instances > 1} renders: a Patroni cluster, and what it needs around it. */
class ReplicatedDatabaseDependentsTest {

  private static final String SUPERUSER_PASSWORD = "su-secret-value-1";

  private static SuperNovaStack replicated(boolean synchronous) {
    var stack = Stacks.minimal();
    stack.getSpec().getDatabase().setInstances(3);
    stack.getSpec().getDatabase().setSynchronous(synchronous);
    stack.getSpec().getDatabase().setParameters(Map.of("max_connections", "300"));
    return stack;
  }

  private static StatefulSet statefulSet(SuperNovaStack stack) {
    return new DatabaseStatefulSetDependent().desired(stack, TestContexts.with());
  }

  @Test
  void threeInstancesRunPatroniUnderTheMembersAccount() {
    var sts = statefulSet(replicated(true));
    assertThat(sts.getMetadata().getName()).isEqualTo("prod-db");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    var pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("prod-db-members");
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    // Patroni finds its members by these labels, so two stacks in a namespace never mix.
    assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry(DatabasePatroniPod.SCOPE_LABEL, "prod-db")
        .containsEntry(Labels.INSTANCE, "prod");

    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("timescale/timescaledb:2.17.2-pg16");
    // The stop signal reaches Patroni as SIGTERM (it ignores SIGINT as PID 1).
    assertThat(String.join(" ", container.getCommand()))
        .startsWith("bash -c patroni /etc/patroni/patroni.yml")
        .contains("trap 'kill -TERM $child' INT TERM");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readiness");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8008);
    assertThat(env(container, "PATRONI_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    for (String password :
        List.of("PATRONI_SUPERUSER_PASSWORD", "PATRONI_REPLICATION_PASSWORD", "APP_DB_PASSWORD")) {
      EnvVar variable = env(container, password);
      assertThat(variable.getValue()).as(password).isNull();
      assertThat(variable.getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("prod-db-credentials-applied");
    }
    var antiAffinity =
        pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(antiAffinity)
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.getPodAffinityTerm().getTopologyKey())
                    .isEqualTo("kubernetes.io/hostname"));
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .isEmpty();
  }

  @Test
  void oneInstanceKeepsThePlainPostgresPod() {
    var sts = statefulSet(Stacks.minimal());
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
    var pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isNull();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getContainers().get(0).getName()).isEqualTo("timescaledb");
    assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey(DatabasePatroniPod.SCOPE_LABEL);
    var config = new DatabaseConfigMapDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(config.getData()).containsKeys("postgresql.conf", "pg_hba.conf");
    assertThat(config.getData()).doesNotContainKey("patroni.yml");
  }

  @Test
  @SuppressWarnings("unchecked")
  void patroniConfigurationCarriesTheStacksTuningAndNoSecret() {
    var stack = replicated(true);
    var context =
        Rendered.withGeneratedSecrets(
            stack, "supernova", "app-secret-value", SUPERUSER_PASSWORD, "r");
    var data = new DatabaseConfigMapDependent().desired(stack, context).getData();
    assertThat(data).doesNotContainKeys("postgresql.conf", "pg_hba.conf");
    String yml = data.get("patroni.yml");
    assertThat(yml).doesNotContain(SUPERUSER_PASSWORD).doesNotContain("app-secret-value");

    Map<String, Object> patroni = Serialization.unmarshal(yml, Map.class);
    assertThat(patroni).containsEntry("scope", "prod-db");
    var kubernetes = (Map<String, Object>) patroni.get("kubernetes");
    assertThat(kubernetes).containsEntry("use_endpoints", true);
    assertThat(kubernetes).containsEntry("scope_label", DatabasePatroniPod.SCOPE_LABEL);
    assertThat((Map<String, Object>) kubernetes.get("labels"))
        .containsEntry(Labels.INSTANCE, "prod")
        .containsEntry(Labels.COMPONENT, "database");
    // The read-write Service's port name: Patroni writes it into the Service's Endpoints.
    assertThat(kubernetes.get("ports"))
        .isEqualTo(List.of(Map.of("name", "postgres", "port", 5432)));

    var bootstrap = (Map<String, Object>) patroni.get("bootstrap");
    var dcs = (Map<String, Object>) bootstrap.get("dcs");
    assertThat(dcs).containsEntry("synchronous_mode", true);
    assertThat(bootstrap).containsEntry("post_bootstrap", "/etc/patroni/db-init.sh");
    var parameters =
        (Map<String, Object>) ((Map<String, Object>) patroni.get("postgresql")).get("parameters");
    // PostgresConfig's tuning for the 16Gi default limit, the user's override, values unquoted.
    assertThat(parameters)
        .containsEntry("shared_buffers", "4GB")
        .containsEntry("max_connections", "300")
        .containsEntry("shared_preload_libraries", "timescaledb")
        .containsEntry("wal_level", "replica")
        .containsEntry("wal_log_hints", "on")
        .doesNotContainKeys("listen_addresses", "port", "hba_file");
    assertThat(
            ((Map<String, Object>) ((Map<String, Object>) dcs.get("postgresql")).get("parameters")))
        .isEqualTo(parameters);
    assertThat(data).containsKey("db-init.sh");
    assertThat(((Map<String, Object>) patroni.get("postgresql")).get("basebackup"))
        .isEqualTo(Map.of("checkpoint", "fast"));

    var asynchronous = new DatabaseConfigMapDependent().desired(replicated(false), context);
    assertThat(asynchronous.getData().get("patroni.yml")).contains("synchronous_mode: false");
  }

  @Test
  void theReadWriteServiceHasNoSelectorAndTheReadOnlyOneSelectsReplicas() {
    var stack = replicated(false);
    var readWrite = new DatabaseServiceDependent().desired(stack, TestContexts.with());
    assertThat(readWrite.getMetadata().getName()).isEqualTo("prod-db");
    assertThat(readWrite.getSpec().getSelector()).isNullOrEmpty();
    assertThat(readWrite.getSpec().getPorts().get(0).getName()).isEqualTo("postgres");

    var readOnly = new DatabaseReadOnlyServiceDependent().desired(stack, TestContexts.with());
    assertThat(readOnly.getMetadata().getName()).isEqualTo("prod-db-ro");
    assertThat(readOnly.getSpec().getSelector())
        .containsEntry("role", "replica")
        .containsEntry(Labels.INSTANCE, "prod")
        .containsEntry(Labels.COMPONENT, "database");

    var single = new DatabaseServiceDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(single.getSpec().getSelector()).containsEntry(Labels.COMPONENT, "database");
  }

  @Test
  void patroniMayUseEndpointsPodsAndCreateItsConfigServiceAndNothingElse() {
    var stack = replicated(false);
    var role = new DatabaseMembersRoleDependent().desired(stack, TestContexts.with());
    assertThat(role.getRules())
        .extracting(r -> r.getResources().get(0) + ": " + String.join(",", r.getVerbs()))
        .containsExactly(
            "endpoints: get,list,watch,create,patch", "pods: list,watch,patch", "services: create");
    assertThat(role.getRules()).allSatisfy(r -> assertThat(r.getApiGroups()).containsExactly(""));
    var binding = new DatabaseMembersRoleBindingDependent().desired(stack, TestContexts.with());
    assertThat(binding.getRoleRef().getName()).isEqualTo("prod-db-members");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo("prod-db-members");
              assertThat(s.getNamespace()).isEqualTo("supernova");
            });
    var budget = new DatabaseDisruptionBudgetDependent().desired(stack, TestContexts.with());
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Labels.selector(stack, Labels.COMPONENT_DATABASE));
  }

  @Test
  void theMembersReachEachOtherForReplicationAndPatroni() {
    var policy =
        new DatabaseNetworkPolicyDependent().desired(replicated(false), TestContexts.with());
    List<NetworkPolicyIngressRule> fromMembers =
        policy.getSpec().getIngress().stream()
            .filter(
                r ->
                    r.getFrom().stream()
                        .anyMatch(
                            p ->
                                "database"
                                    .equals(
                                        p.getPodSelector().getMatchLabels().get(Labels.COMPONENT))))
            .toList();
    assertThat(fromMembers)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getPorts())
                    .extracting(NetworkPolicyPort::getPort)
                    .extracting(p -> p.getIntVal())
                    .containsExactly(5432, 8008));
    var single =
        new DatabaseNetworkPolicyDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(single.getSpec().getIngress()).hasSize(1);
  }

  @Test
  void pgBouncerOffersAReadOnlyPoolOnTheReplicas() {
    String ini =
        new PoolerConfigMapDependent()
            .desired(replicated(false), TestContexts.with())
            .getData()
            .get("pgbouncer.ini");
    assertThat(ini)
        .contains("supernova = host=prod-db.supernova.svc port=5432 dbname=supernova\n")
        .contains("supernova_ro = host=prod-db-ro.supernova.svc port=5432 dbname=supernova\n")
        .contains("server_login_retry = 1\n");
    assertThat(
            new PoolerConfigMapDependent()
                .desired(Stacks.minimal(), TestContexts.with())
                .getData()
                .get("pgbouncer.ini"))
        .doesNotContain("_ro")
        .contains("server_login_retry = 15\n");
  }

  @Test
  void aReplicationPasswordIsGeneratedForReplicatedStacksOnly() {
    var replicatedSecret =
        new DatabaseCredentialsSecretDependent().desired(replicated(false), TestContexts.with());
    assertThat(replicatedSecret.getData()).containsKey("replication-password");
    var single =
        new DatabaseCredentialsSecretDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(single.getData()).doesNotContainKey("replication-password");
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
