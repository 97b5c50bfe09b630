package com.supernovaai.e2e.harness;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link InProcessOperator} watching the test class's namespace, started before its tests and
 * stopped after them. Register it after {@link KubernetesClusterExtension}, which makes the
 * namespace: {@code @ExtendWith({KubernetesClusterExtension.class, OperatorPerClass.class})}.
 */
public final class OperatorPerClass implements BeforeAllCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(OperatorPerClass.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    String namespace =
        KubernetesClusterExtension.namespace(context)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "OperatorPerClass needs KubernetesClusterExtension registered before it"))
            .name();
    context
        .getStore(STORE)
        .put(InProcessOperator.class, InProcessOperator.start(TestCluster.shared(), namespace));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    InProcessOperator operator =
        context.getStore(STORE).remove(InProcessOperator.class, InProcessOperator.class);
    if (operator != null) {
      operator.close();
    }
  }
}
