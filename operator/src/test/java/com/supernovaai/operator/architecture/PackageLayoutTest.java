package com.supernovaai.operator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's package layout, as the reader of {@code operator/README.md} is promised it: no two
 * packages lean on each other, and status is a leaf the rest writes into.
 */
class PackageLayoutTest {

  private static final String ROOT = "com.supernovaai.operator";

  private static JavaClasses operator;

  @BeforeAll
  static void importMainClasses() {
    operator =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  @Test
  void noPackageImportsOneThatImportsItBack() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(operator);
  }

  @Test
  void statusDependsOnNoOtherOperatorPackage() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".status..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".reconciler..",
            ROOT + ".backup..",
            ROOT + ".rollout..",
            ROOT + ".dependent..",
            ROOT + ".volume..",
            ROOT + ".migration..",
            ROOT + ".monitoring..")
        .check(operator);
  }
}
