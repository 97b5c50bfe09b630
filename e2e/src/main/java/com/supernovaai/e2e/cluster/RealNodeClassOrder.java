package com.supernovaai.e2e.cluster;

import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Orders test classes so that the real node comes up once per run ({@link SharedRealNode}): every
 * other class keeps its place ahead of them; {@code RealNodeDemoIT}, which brings a node of its own
 * with {@code scripts/demo.sh}, runs first, before the shared node exists; {@code RealNodeIT} runs
 * last because its last test takes the shared node down and checks that nothing is left on the
 * machine.
 *
 * <p>With the classes in parallel (e2e/pom.xml) this order still holds where it matters: JUnit runs
 * {@code @Isolated} classes, every shared-node class among them, one at a time after all the
 * others, in this order. {@code RealNodeDemoIT} is not isolated: first in the order, it starts with
 * the kwok classes and runs beside them (about 100 s that the run no longer spends alone), and it
 * has ended before the first isolated class starts.
 */
public final class RealNodeClassOrder implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    // A stable sort: classes of the same rank keep the order they were discovered in.
    context.getClassDescriptors().sort(Comparator.comparingInt(RealNodeClassOrder::rank));
    // RealNodeDemoIT then brings the shared node up once its own is down (SharedRealNode.warmUp).
    if (context.getClassDescriptors().stream()
        .anyMatch(
            d ->
                d.findRepeatableAnnotations(ExtendWith.class).stream()
                    .anyMatch(e -> Arrays.asList(e.value()).contains(SharedRealNode.class)))) {
      SharedRealNode.expectUse();
    }
  }

  private static int rank(ClassDescriptor descriptor) {
    String name = descriptor.getTestClass().getSimpleName();
    if (name.equals("RealNodeDemoIT")) {
      return -1;
    }
    if (!name.startsWith("RealNode")) {
      return 0;
    }
    return name.equals("RealNodeIT") ? 3 : 2;
  }
}
