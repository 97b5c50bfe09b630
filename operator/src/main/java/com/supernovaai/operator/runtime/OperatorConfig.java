package com.supernovaai.operator.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one operator instance runs.
 *
 * @param namespaces namespaces to watch; empty means all
 * @param httpPort port of /healthz, /readyz and /metrics; negative for no HTTP server, 0 for any
 *     free port
 * @param leaderElection whether to take a Lease before reconciling: on by default, since even a
 *     single replica overlaps with its replacement during an eviction or a network partition
 * @param leaseNamespace namespace of the Lease; null means the client's namespace
 * @param leaseName name of the Lease
 * @param leaseIdentity who holds the Lease (the pod's name); null means HOSTNAME or a random id
 * @param concurrentReconciliations reconciliation threads; 0 means {@link
 *     #DEFAULT_CONCURRENT_RECONCILIATIONS}
 * @param workflowThreads threads that run the dependents of the reconciliations in flight; 0 means
 *     {@link #DEFAULT_WORKFLOW_THREADS}
 * @param informerGrace how long informers may fail to sync or watch before the operator reports
 *     itself not live (Kubernetes then restarts it); also how long a start waits for the caches
 * @param faultRetry how soon a stack held back by a fault (a missing Secret, an error) is retried;
 *     null means {@link #DEFAULT_FAULT_RETRY}
 */
public record OperatorConfig(
    Set<String> namespaces,
    int httpPort,
    boolean leaderElection,
    String leaseNamespace,
    String leaseName,
    String leaseIdentity,
    int concurrentReconciliations,
    int workflowThreads,
    Duration informerGrace,
    Duration faultRetry) {

  public static final int DEFAULT_HTTP_PORT = 8080;

  /**
   * Stacks reconciled at once. A reconciliation thread mostly waits for its workflow, whose
   * dependents run on the workflow threads in order of depth (a new stack's API waits for its
   * credentials, then its configuration, then its rollout plan): with as many reconciliations as
   * workflow threads these sat idle while every stack was at a deep step, and 1000 new stacks took
   * 941 s to converge against 840 s with 30 (e2e/bench/HISTORY.md, sixteenth slice).
   */
  public static final int DEFAULT_CONCURRENT_RECONCILIATIONS = 30;

  /**
   * The threads that make the workflows' API calls; not JOSDK's 50: its fixed pool keeps every
   * thread it ever started, idle ones included, and at N=100 stacks 10 converged as fast
   * (e2e/bench/HISTORY.md).
   */
  public static final int DEFAULT_WORKFLOW_THREADS = 10;

  /** Longer than a slow first list of a large namespace; short enough not to sit unready long. */
  public static final Duration DEFAULT_INFORMER_GRACE = Duration.ofMinutes(2);

  /** Often enough that a fixed fault clears within a minute, rare enough to cost nothing. */
  public static final Duration DEFAULT_FAULT_RETRY = Duration.ofSeconds(30);

  public OperatorConfig {
    namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    leaseName = leaseName == null ? "supernova-operator" : leaseName;
    concurrentReconciliations =
        concurrentReconciliations <= 0
            ? DEFAULT_CONCURRENT_RECONCILIATIONS
            : concurrentReconciliations;
    workflowThreads = workflowThreads <= 0 ? DEFAULT_WORKFLOW_THREADS : workflowThreads;
    informerGrace = informerGrace == null ? DEFAULT_INFORMER_GRACE : informerGrace;
    faultRetry = faultRetry == null ? DEFAULT_FAULT_RETRY : faultRetry;
  }

  /**
   * Watch the given namespaces (none: all), no HTTP server, no leader election, the shipped thread
   * counts: for tests.
   */
  public static OperatorConfig forNamespaces(String... namespaces) {
    return new OperatorConfig(Set.of(namespaces), -1, false, null, null, null, 0, 0, null, null);
  }

  /** With leader election on the Lease {@code namespace/name}, held as {@code identity}. */
  public OperatorConfig withLeaderElection(String namespace, String name, String identity) {
    return new OperatorConfig(
        namespaces,
        httpPort,
        true,
        namespace,
        name,
        identity,
        concurrentReconciliations,
        workflowThreads,
        informerGrace,
        faultRetry);
  }

  public OperatorConfig withInformerGrace(Duration grace) {
    return new OperatorConfig(
        namespaces,
        httpPort,
        leaderElection,
        leaseNamespace,
        leaseName,
        leaseIdentity,
        concurrentReconciliations,
        workflowThreads,
        grace,
        faultRetry);
  }

  /** The same with another fault retry: tests that wait for a recovery set it shorter. */
  public OperatorConfig withFaultRetry(Duration retry) {
    return new OperatorConfig(
        namespaces,
        httpPort,
        leaderElection,
        leaseNamespace,
        leaseName,
        leaseIdentity,
        concurrentReconciliations,
        workflowThreads,
        informerGrace,
        retry);
  }

  /**
   * From the environment: WATCH_NAMESPACES (comma list, empty = all), OPERATOR_HTTP_PORT (8080),
   * LEADER_ELECTION (true), LEASE_NAMESPACE / POD_NAMESPACE, LEASE_NAME, POD_NAME (the Lease
   * holder), RECONCILE_CONCURRENCY, WORKFLOW_THREADS.
   */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    Set<String> namespaces =
        Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    int port =
        Integer.parseInt(env.getOrDefault("OPERATOR_HTTP_PORT", "" + DEFAULT_HTTP_PORT).trim());
    boolean leader = Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "true").trim());
    String leaseNamespace = env.getOrDefault("LEASE_NAMESPACE", env.get("POD_NAMESPACE"));
    int concurrency = Integer.parseInt(env.getOrDefault("RECONCILE_CONCURRENCY", "0").trim());
    int workflowThreads = Integer.parseInt(env.getOrDefault("WORKFLOW_THREADS", "0").trim());
    return new OperatorConfig(
        namespaces,
        port,
        leader,
        leaseNamespace,
        env.get("LEASE_NAME"),
        env.get("POD_NAME"),
        concurrency,
        workflowThreads,
        null,
        null);
  }
}
