package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code spec.backup.objectStore} adds to the logical-dump Job: backup.sh copies each dump and
 * its metadata to {@code <bucket><path>/dumps/} with rclone (Debian's {@code rclone}), so a lost
 * namespace or volume does not take the dumps with it. The remote is configured by rclone's own
 * {@code RCLONE_CONFIG_<REMOTE>_*} variables, the access keys by reference to the user's Secret: no
 * key in a file, an argument or the Job's spec. Nothing without an objectStore.
 */
public final class OffsiteDumps {

  /** rclone's name for the remote; its settings are the RCLONE_CONFIG_OFFSITE_* variables. */
  static final String REMOTE = "offsite";

  static final String REMOTE_ENV = "OFFSITE_REMOTE";
  static final String CA_VOLUME = "offsite-ca";
  static final String CA_DIRECTORY = "/etc/offsite";
  static final String DUMPS_DIRECTORY = "dumps";

  private OffsiteDumps() {}

  /** Where the dumps go, as rclone names it: {@code offsite:<bucket><path>/dumps}. */
  static Optional<String> remotePath(SuperNovaStack stack) {
    return DatabaseArchiving.objectStore(stack)
        .map(
            store ->
                REMOTE
                    + ":"
                    + store.getBucket()
                    + DatabaseArchiving.repositoryPath(stack, store)
                    + "/"
                    + DUMPS_DIRECTORY);
  }

  static List<EnvVar> env(SuperNovaStack stack) {
    return DatabaseArchiving.objectStore(stack)
        .map(
            store -> {
              ObjectStoreEndpoint endpoint = ObjectStoreEndpoint.of(store);
              String prefix = "RCLONE_CONFIG_" + REMOTE.toUpperCase() + "_";
              var credentials = store.getCredentialsSecret();
              List<EnvVar> env = new ArrayList<>();
              env.add(EnvVars.of(REMOTE_ENV, remotePath(stack).orElseThrow()));
              env.add(EnvVars.of(prefix + "TYPE", "s3"));
              env.add(EnvVars.of(prefix + "PROVIDER", "Other"));
              env.add(EnvVars.of(prefix + "ENDPOINT", endpoint.url()));
              env.add(EnvVars.of(prefix + "REGION", endpoint.region()));
              // Path-style URLs, as pgBackRest uses them: no bucket name in the host to resolve.
              env.add(EnvVars.of(prefix + "FORCE_PATH_STYLE", "true"));
              // The bucket is the user's: never try to create it (a key may not be allowed to).
              env.add(EnvVars.of(prefix + "NO_CHECK_BUCKET", "true"));
              env.add(
                  EnvVars.fromSecret(
                      prefix + "ACCESS_KEY_ID",
                      credentials.getName(),
                      credentials.getAccessKeyIdKey()));
              env.add(
                  EnvVars.fromSecret(
                      prefix + "SECRET_ACCESS_KEY",
                      credentials.getName(),
                      credentials.getSecretAccessKeyKey()));
              // The root filesystem is read-only: no config file, cache under the Job's /tmp.
              env.add(EnvVars.of("RCLONE_CONFIG", "/tmp/rclone.conf"));
              env.add(EnvVars.of("RCLONE_CACHE_DIR", "/tmp/rclone"));
              if (store.getCaSecret() != null) {
                env.add(
                    EnvVars.of("RCLONE_CA_CERT", CA_DIRECTORY + "/" + DatabaseArchiving.CA_FILE));
              }
              return env;
            })
        .orElse(List.of());
  }

  /** The backup Job with the offsite copy added: its env, and the store's CA as a volume. */
  static JobSpec addTo(SuperNovaStack stack, JobSpec job) {
    var store = DatabaseArchiving.objectStore(stack);
    if (store.isEmpty()) {
      return job;
    }
    var withEnv =
        new JobSpecBuilder(job)
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .addAllToEnv(env(stack))
            .endContainer()
            .endSpec()
            .endTemplate();
    var ca = store.get().getCaSecret();
    if (ca == null) {
      return withEnv.build();
    }
    return withEnv
        .editTemplate()
        .editSpec()
        .editFirstContainer()
        .addNewVolumeMount()
        .withName(CA_VOLUME)
        .withMountPath(CA_DIRECTORY)
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName(CA_VOLUME)
        .withNewSecret()
        .withSecretName(ca.getName())
        .addNewItem()
        .withKey(ca.getKey())
        .withPath(DatabaseArchiving.CA_FILE)
        .endItem()
        .endSecret()
        .endVolume()
        .endSpec()
        .endTemplate()
        .build();
  }

  /** The backup pods may reach the store's port (its address may be anywhere, by name). */
  static List<NetworkPolicyEgressRule> egress(SuperNovaStack stack) {
    return DatabaseArchiving.objectStore(stack)
        .map(store -> List.of(NetworkPolicies.toPort(ObjectStoreEndpoint.of(store).port())))
        .orElse(List.of());
  }
}
