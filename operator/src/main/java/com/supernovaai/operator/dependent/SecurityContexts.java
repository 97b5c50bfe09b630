package com.supernovaai.operator.dependent;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/** Hardened security contexts: non-root, seccomp RuntimeDefault, no capabilities. */
public final class SecurityContexts {

  /** uid/gid of the API server image. */
  public static final long API_USER = 10001L;

  /** uid/gid of postgres in the TimescaleDB (Alpine) image; PgBouncer runs as it too. */
  public static final long POSTGRES_USER = 70L;

  /** uid of redis in the official Alpine image; its gid is 1000. */
  public static final long REDIS_USER = 999L;

  public static final long REDIS_GROUP = 1000L;

  /** uid/gid of nginx in the frontend image (as in nginx's unprivileged images). */
  public static final long FRONTEND_USER = 101L;

  private SecurityContexts() {}

  /**
   * The start of every pod spec the operator renders: it runs as {@code user}, gets no service
   * account token (only the API pods name an account, and none needs the Kubernetes API) and no
   * service link variables (which leak the namespace's Services and can clash with the env).
   */
  static PodSpecBuilder podSpec(long user, long group) {
    return new PodSpecBuilder()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(pod(user, group));
  }

  private static PodSecurityContext pod(long user, long group) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(user)
        .withRunAsGroup(group)
        .withFsGroup(group)
        .withFsGroupChangePolicy("OnRootMismatch")
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  public static SecurityContext container(boolean readOnlyRootFilesystem) {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(false)
        .withReadOnlyRootFilesystem(readOnlyRootFilesystem)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }
}
