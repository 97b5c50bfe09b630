package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.model.SuperNovaStack;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labels of the Prometheus Operator objects: the user's extra ones, then the operator's. */
final class MonitoringLabels {

  private MonitoringLabels() {}

  static Map<String, String> of(SuperNovaStack stack) {
    Map<String, String> labels = new LinkedHashMap<>();
    var monitoring = stack.getSpec().getMonitoring();
    if (monitoring != null && monitoring.getLabels() != null) {
      labels.putAll(monitoring.getLabels());
    }
    // The operator's win: its informers and owner mapping rely on them.
    labels.putAll(Labels.of(stack, Labels.COMPONENT_API));
    return labels;
  }
}
