package com.supernovaai.e2e.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a test class a {@link KubernetesClient} on the run's real cluster ({@link
 * TestCluster#shared()}), bound to a fresh namespace of its own, and dumps that namespace's events
 * and objects when a test fails.
 *
 * <p>Inject {@link KubernetesClient}, {@link TestNamespace} or {@link TestCluster} as parameters of
 * test, lifecycle or constructor methods.
 */
public class KubernetesClusterExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        ParameterResolver,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesClusterExtension.class);
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(KubernetesClusterExtension.class);

  /** The namespace a test class runs in. */
  public record TestNamespace(String name) {}

  private record ClassState(KubernetesClient client, TestNamespace namespace) {}

  @Override
  public void beforeAll(ExtensionContext context) {
    TestCluster cluster = TestCluster.shared();
    String name = namespaceName(context.getRequiredTestClass().getSimpleName());
    Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());
    config.setNamespace(name);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("supernova.test/class", context.getRequiredTestClass().getSimpleName())
                .endMetadata()
                .build())
        .create();
    LOG.info(
        "Test class {} runs in namespace {} on the {} cluster",
        context.getDisplayName(),
        name,
        cluster.kind());
    context.getStore(STORE).put(ClassState.class, new ClassState(client, new TestNamespace(name)));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ClassState state = context.getStore(STORE).remove(ClassState.class, ClassState.class);
    if (state == null) {
      return;
    }
    // Not waited for: the class's in-process operator has stopped, so its stacks' finalizers keep
    // the
    // namespace Terminating (waiting only ran into a 30 s timeout, once per class); every class has
    // a
    // namespace of its own and the cluster is thrown away after the run.
    try {
      state.client().namespaces().withName(state.namespace().name()).delete();
    } catch (RuntimeException e) {
      LOG.warn("Could not delete namespace {}: {}", state.namespace().name(), e.toString());
    } finally {
      state.client().close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class
        || type == TestNamespace.class
        || type == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == TestCluster.class) {
      return TestCluster.shared();
    }
    ClassState state = state(context);
    return type == KubernetesClient.class ? state.client() : state.namespace();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    dump(context);
    throw throwable;
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    dump(context);
    throw throwable;
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    dump(context);
    throw throwable;
  }

  private void dump(ExtensionContext context) {
    ClassState state = state(context);
    if (state != null) {
      LOG.error(
          "Test {} failed; state of namespace {}:\n{}",
          context.getDisplayName(),
          state.namespace().name(),
          NamespaceDump.of(state.client(), state.namespace().name()));
    }
  }

  /**
   * The namespace of the test class {@code context} belongs to, for extensions registered after
   * this one (empty before this extension's {@code beforeAll}).
   */
  public static Optional<TestNamespace> namespace(ExtensionContext context) {
    return Optional.ofNullable(state(context)).map(ClassState::namespace);
  }

  private static ClassState state(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      ClassState state = c.getStore(STORE).get(ClassState.class, ClassState.class);
      if (state != null) {
        return state;
      }
    }
    return null;
  }

  static String namespaceName(String className) {
    String base = className.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    return base + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** How long eventual assertions in cluster tests wait by default. */
  public static Duration defaultTimeout() {
    return Duration.ofSeconds(120);
  }
}
