package com.supernovaai.operator.model.crd;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.io.File;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the SuperNovaStack CRD (build step, {@code process-test-classes}) with fabric8's
 * crd-generator.
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
        .withPostProcessor(new Finish())
        .inOutputDir(outputDir)
        .generate();
  }

  static final class Finish implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      Map<String, String> annotations = new TreeMap<>(KEEP_ANNOTATIONS);
      if (crd.getMetadata().getAnnotations() != null) {
        annotations.putAll(crd.getMetadata().getAnnotations());
      }
      crd.getMetadata().setAnnotations(annotations);
      for (CustomResourceDefinitionVersion version :
          ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        if (version.getAdditionalPrinterColumns() != null) {
          version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(GenerateCrd::rank));
        }
      }
      return crd;
    }
  }

  private static int rank(CustomResourceColumnDefinition column) {
    int index = COLUMN_ORDER.indexOf(column.getName());
    return index < 0 ? COLUMN_ORDER.size() : index;
  }
}
