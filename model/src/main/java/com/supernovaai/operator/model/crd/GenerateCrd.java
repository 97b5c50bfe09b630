package com.supernovaai.operator.model.crd;

import com.supernovaai.operator.model.ApiEnvironment;
import com.supernovaai.operator.model.Cidrs;
import com.supernovaai.operator.model.PostgresParameters;
import com.supernovaai.operator.model.Quantities;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.File;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the SuperNovaStack CRD (build step, {@code process-classes}) with fabric8's crd-generator.
 *
 * <p>A main-scope class, so the CRD is generated also when tests are skipped ({@code
 * -Dmaven.test.skip=true install}); the build leaves it and its package out of the model jar, and
 * the generator is an optional dependency that consumers of the model do not get.
 *
 * <p>It exists instead of the crd-generator Maven plugin for two reasons: the generator sorts
 * printer columns by JSON path, and {@code kubectl get sns} should read READY, PHASE, ACTIVE,
 * IMAGE, AGE; and the CRD carries annotations that keep it when the tool that installed it is
 * removed ({@link #KEEP_ANNOTATIONS}).
 */
public final class GenerateCrd {

  /** Printer column names in the order {@code kubectl get} shows them; unknown names go last. */
  static final List<String> COLUMN_ORDER =
      List.of("Ready", "Phase", "Active", "Image", "Rollout", "Preview", "Age");

  /**
   * Deleting the CRD deletes every SuperNovaStack in the cluster (and, through owner references,
   * their API servers; volumes and backups follow each stack's deletionPolicy). Helm never deletes
   * a chart's crds/ on uninstall, but a tool that renders them as ordinary objects would: Argo CD
   * prunes them when they leave the chart and deletes them with a cascade delete of the operator's
   * Application; Helm deletes them on uninstall when they are templated. These annotations tell
   * both to leave the CRD alone; removing it stays a deliberate {@code kubectl delete crd}.
   */
  static final Map<String, String> KEEP_ANNOTATIONS =
      Map.of(
          "helm.sh/resource-policy", "keep",
          "argocd.argoproj.io/sync-options", "Prune=false,Delete=false");

  private GenerateCrd() {}

  public static void main(String[] args) {
    File outputDir = new File(args[0]);
    outputDir.mkdirs();
    new CRDGenerator()
        .customResourceClasses(SuperNovaStack.class)
        .forCRDVersions("v1")
        // One post-processor only: withPostProcessor replaces the previous one.
        .withPostProcessor(new All())
        .inOutputDir(outputDir)
        .generate();
  }

  static final class All implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      new KeepAnnotations().process(crd, crdSpecVersion);
      new ColumnOrder().process(crd, crdSpecVersion);
      new ComputeResourceBounds().process(crd, crdSpecVersion);
      return new StringBounds().process(crd, crdSpecVersion);
    }
  }

  /** Adds {@link #KEEP_ANNOTATIONS}. */
  static final class KeepAnnotations implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      Map<String, String> annotations = new TreeMap<>(KEEP_ANNOTATIONS);
      if (crd.getMetadata().getAnnotations() != null) {
        annotations.putAll(crd.getMetadata().getAnnotations());
      }
      crd.getMetadata().setAnnotations(annotations);
      return crd;
    }
  }

  static final class ColumnOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      for (CustomResourceDefinitionVersion version :
          ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        if (version.getAdditionalPrinterColumns() != null) {
          version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(GenerateCrd::rank));
        }
      }
      return crd;
    }
  }

  /**
   * Bounds every ResourceRequirements schema (fabric8's type, which the model cannot annotate): the
   * maps and strings get the sizes the API server needs to accept the CEL rules on quantities
   * ({@link Quantities#RESOURCES_RULE}).
   */
  static final class ComputeResourceBounds implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      for (CustomResourceDefinitionVersion version :
          ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        bound(version.getSchema().getOpenAPIV3Schema());
      }
      return crd;
    }

    private static void bound(JSONSchemaProps schema) {
      if (schema == null) {
        return;
      }
      Map<String, JSONSchemaProps> properties = schema.getProperties();
      if (properties != null
          && properties.keySet().equals(Set.of("claims", "limits", "requests"))) {
        for (String map : List.of("limits", "requests")) {
          JSONSchemaProps quantities = properties.get(map);
          quantities.setMaxProperties((long) Quantities.MAX_RESOURCE_NAMES);
          JSONSchemaProps quantity = quantities.getAdditionalProperties().getSchema();
          quantity.setMaxLength((long) Quantities.MAX_QUANTITY_LENGTH);
        }
        properties.get("claims").setMaxItems((long) Quantities.MAX_RESOURCE_NAMES);
        return;
      }
      if (properties != null) {
        properties.values().forEach(ComputeResourceBounds::bound);
      }
      if (schema.getItems() != null) {
        bound(schema.getItems().getSchema());
      }
      if (schema.getAdditionalProperties() != null) {
        bound(schema.getAdditionalProperties().getSchema());
      }
    }
  }

  /**
   * Bounds strings the model cannot annotate (map values, fields of fabric8 types) where a CEL rule
   * reads them: without a maxLength the API server refuses the rule as too costly.
   */
  static final class StringBounds implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      for (CustomResourceDefinitionVersion version :
          ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        JSONSchemaProps parameters =
            spec.getProperties().get("database").getProperties().get("parameters");
        parameters
            .getAdditionalProperties()
            .getSchema()
            .setMaxLength((long) PostgresParameters.MAX_VALUE_LENGTH);
        JSONSchemaProps envFrom = spec.getProperties().get("api").getProperties().get("envFrom");
        envFrom
            .getItems()
            .getSchema()
            .getProperties()
            .get("prefix")
            .setMaxLength((long) ApiEnvironment.MAX_PREFIX_LENGTH);
        JSONSchemaProps trustedProxies =
            spec.getProperties().get("ingress").getProperties().get("trustedProxies");
        trustedProxies.getItems().getSchema().setMaxLength((long) Cidrs.MAX_LENGTH);
      }
      return crd;
    }
  }

  private static int rank(CustomResourceColumnDefinition column) {
    int index = COLUMN_ORDER.indexOf(column.getName());
    return index < 0 ? COLUMN_ORDER.size() : index;
  }
}
