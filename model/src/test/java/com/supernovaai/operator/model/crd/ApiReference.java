package com.supernovaai.operator.model.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders the API reference (docs/api-reference.md) from the generated CRD: one table row per
 * field.
 */
public final class ApiReference {

  private ApiReference() {}

  public static String render(String crdYaml) {
    CustomResourceDefinition crd = Serialization.unmarshal(crdYaml, CustomResourceDefinition.class);
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    StringBuilder out = new StringBuilder();
    out.append("# SuperNovaStack API reference\n\n")
        .append("Generated from `crds/")
        .append(crd.getMetadata().getName())
        .append("-v1.yml` by the model build; do not edit by hand.\n\n")
        .append("`apiVersion: ")
        .append(crd.getSpec().getGroup())
        .append('/')
        .append(version.getName())
        .append("`, `kind: ")
        .append(crd.getSpec().getNames().getKind())
        .append("`, short name `")
        .append(String.join("`, `", crd.getSpec().getNames().getShortNames()))
        .append("`. `kubectl explain sns.spec` shows the same descriptions.\n");
    JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
    for (String top : List.of("spec", "status")) {
      JSONSchemaProps schema = root.getProperties().get(top);
      if (schema == null) {
        continue;
      }
      out.append("\n## ").append(top).append("\n\n");
      out.append("| Field | Type | Default | Validation | Description |\n|---|---|---|---|---|\n");
      rows(top, schema, out);
    }
    return out.toString();
  }

  private static void rows(String path, JSONSchemaProps schema, StringBuilder out) {
    if (schema.getProperties() == null) {
      return;
    }
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    for (Map.Entry<String, JSONSchemaProps> field : schema.getProperties().entrySet()) {
      String fieldPath = path + "." + field.getKey();
      JSONSchemaProps props = field.getValue();
      out.append("| `")
          .append(fieldPath)
          .append("`")
          .append(required.contains(field.getKey()) ? " (required)" : "")
          .append(" | ")
          .append(type(props))
          .append(" | ")
          .append(props.getDefault() == null ? "" : "`" + props.getDefault() + "`")
          .append(" | ")
          .append(cell(validation(props)))
          .append(" | ")
          .append(cell(props.getDescription()))
          .append(" |\n");
      rows(fieldPath, props, out);
      if (props.getItems() != null && props.getItems().getSchema() != null) {
        rows(fieldPath + "[]", props.getItems().getSchema(), out);
      }
    }
  }

  private static String type(JSONSchemaProps props) {
    if ("array".equals(props.getType())
        && props.getItems() != null
        && props.getItems().getSchema() != null) {
      return "array of " + props.getItems().getSchema().getType();
    }
    if (Boolean.TRUE.equals(props.getXKubernetesIntOrString())) {
      return "int or string";
    }
    return props.getType() == null ? "" : props.getType();
  }

  private static String validation(JSONSchemaProps props) {
    List<String> parts = new ArrayList<>();
    if (props.getEnum() != null && !props.getEnum().isEmpty()) {
      parts.add(
          "one of " + String.join(", ", props.getEnum().stream().map(e -> e.asText()).toList()));
    }
    if (props.getMinimum() != null) {
      parts.add(
          "min "
              + new java.math.BigDecimal(props.getMinimum()).stripTrailingZeros().toPlainString());
    }
    if (props.getMaximum() != null) {
      parts.add(
          "max "
              + new java.math.BigDecimal(props.getMaximum()).stripTrailingZeros().toPlainString());
    }
    if (props.getPattern() != null) {
      parts.add("pattern `" + props.getPattern() + "`");
    }
    if (props.getXKubernetesValidations() != null) {
      for (ValidationRule rule : props.getXKubernetesValidations()) {
        parts.add(rule.getMessage() != null ? rule.getMessage() : "`" + rule.getRule() + "`");
      }
    }
    return String.join("; ", parts);
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
