package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.CaSecretReference;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What spec.backup.objectStore adds to the logical-dump Job: the offsite copy's settings. */
class OffsiteDumpsTest {

  @Test
  void withoutAnObjectStoreTheBackupJobStaysOnTheVolume() {
    JobSpec job = BackupJobs.backup(Stacks.minimal());
    assertThat(job.getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName)
        .noneMatch(n -> n.startsWith("RCLONE") || n.equals("OFFSITE_REMOTE"));
    assertThat(
            new BackupNetworkPolicyDependent()
                .desired(Stacks.minimal(), TestContexts.with())
                .getSpec()
                .getEgress())
        .hasSize(2);
  }

  @Test
  void theJobCopiesUnderTheStacksPathWithTheKeysByReferenceOnly() {
    var store = DatabaseArchivingTest.store("https://s3.example.com:9443");
    store.setRegion("eu-central-1");
    var ca = new CaSecretReference();
    ca.setName("store-ca");
    store.setCaSecret(ca);
    var stack = DatabaseArchivingTest.archiving(store);

    JobSpec job = BackupJobs.backup(stack);
    var container = job.getTemplate().getSpec().getContainers().get(0);
    Map<String, EnvVar> env =
        container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    // Beside pgBackRest's archive/ and backup/, never inside them.
    assertThat(env.get("OFFSITE_REMOTE").getValue())
        .isEqualTo("offsite:archive/supernova/prod/dumps");
    assertThat(env.get("RCLONE_CONFIG_OFFSITE_ENDPOINT").getValue())
        .isEqualTo("https://s3.example.com:9443");
    assertThat(env.get("RCLONE_CONFIG_OFFSITE_REGION").getValue()).isEqualTo("eu-central-1");
    for (String key :
        new String[] {
          "RCLONE_CONFIG_OFFSITE_ACCESS_KEY_ID", "RCLONE_CONFIG_OFFSITE_SECRET_ACCESS_KEY"
        }) {
      assertThat(env.get(key).getValue()).as(key).isNull();
      assertThat(env.get(key).getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3");
    }
    assertThat(env.get("RCLONE_CA_CERT").getValue()).isEqualTo("/etc/offsite/ca.crt");
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/offsite");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(job.getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly("store-ca");

    // The backup pods may now reach the store's port, and still nothing else new.
    var egress =
        new BackupNetworkPolicyDependent()
            .desired(stack, TestContexts.with())
            .getSpec()
            .getEgress();
    assertThat(egress).hasSize(3);
    assertThat(egress.get(2).getPorts())
        .extracting(NetworkPolicyPort::getPort)
        .singleElement()
        .satisfies(p -> assertThat(p.getIntVal()).isEqualTo(9443));
    assertThat(egress.get(2).getTo()).isNullOrEmpty();
  }
}
