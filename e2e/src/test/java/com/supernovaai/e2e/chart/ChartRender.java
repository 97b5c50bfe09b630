package com.supernovaai.e2e.chart;

import com.supernovaai.e2e.cluster.LocalControlPlane;
import com.supernovaai.e2e.cluster.RepoPaths;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The operator's chart rendered by the real helm binary ({@code helm template}), as objects. */
final class ChartRender {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ChartRender() {}

  static Path chart() {
    return RepoPaths.root().resolve("helm/supernova-operator");
  }

  static Path helm() {
    return LocalControlPlane.binary("helm");
  }

  /** {@code helm template <release> <chart> --namespace <namespace> <args...>}. */
  static List<HasMetadata> render(String release, String namespace, List<String> args) {
    List<String> command =
        new ArrayList<>(Command.of(helm(), "template", release, chart(), "--namespace", namespace));
    command.addAll(args);
    String rendered = Command.run(Duration.ofMinutes(1), command).stdoutOrFail();
    return Arrays.stream(rendered.split("(?m)^---\\s*$"))
        .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
        .map(doc -> (HasMetadata) SERIALIZATION.unmarshal(doc))
        .toList();
  }
}
