package com.supernovaai.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.supernovaai.e2e.cluster.RepoPaths;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The operator's JVM flags are written in four places: the chart's values (what a cluster runs),
 * the Dockerfile and the Jib configuration (what {@code docker run} of either image gets) and the
 * benchmark's defaults (what the chart's sizing was measured with). A flag changed in one and not
 * the others makes the chart's "N stacks need X MiB" describe a JVM nobody runs.
 */
class OperatorJvmFlagsTest {

  @Test
  void theImageRunsTheChartsFlags() throws IOException {
    String operatorStage = dockerfileStage("operator");

    assertThat(envValue(operatorStage, "JAVA_TOOL_OPTIONS"))
        .isEqualTo(chartValues().path("javaToolOptions").asText());
    assertThat(envValue(operatorStage, "MALLOC_ARENA_MAX"))
        .isEqualTo(OperatorProcess.MALLOC_ARENA_MAX);
  }

  @Test
  void theJibImageRunsTheChartsFlags() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(RepoPaths.root().resolve("operator/pom.xml").toFile());
    XPath xpath = XPathFactory.newInstance().newXPath();
    String environment =
        "//plugin[artifactId='jib-maven-plugin']/configuration/container/environment/";

    assertThat(xpath.evaluate(environment + "JAVA_TOOL_OPTIONS", pom).strip())
        .isEqualTo(chartValues().path("javaToolOptions").asText());
    assertThat(xpath.evaluate(environment + "MALLOC_ARENA_MAX", pom).strip())
        .isEqualTo(OperatorProcess.MALLOC_ARENA_MAX);
  }

  @Test
  void theBenchmarkRunsTheChartsFlagsInTheChartsDefaultContainer() throws IOException {
    JsonNode values = chartValues();
    JsonNode limits = values.path("resources").path("limits");
    BigDecimal memoryMiB =
        Quantity.getAmountInBytes(new Quantity(limits.path("memory").asText()))
            .divide(BigDecimal.valueOf(1024 * 1024), 0, RoundingMode.UNNECESSARY);
    // The JVM counts a CPU limit as whole processors, rounded up.
    BigDecimal processors =
        Quantity.getAmountInBytes(new Quantity(limits.path("cpu").asText()))
            .setScale(0, RoundingMode.CEILING);

    assertThat(OperatorProcess.DEFAULT_JAVA_OPTS)
        .isEqualTo(
            "-XX:MaxRAM=%sm -XX:ActiveProcessorCount=%s %s",
            memoryMiB.toPlainString(),
            processors.toPlainString(),
            values.path("javaToolOptions").asText());
  }

  private static JsonNode chartValues() throws IOException {
    return new YAMLMapper()
        .readTree(RepoPaths.root().resolve("helm/supernova-operator/values.yaml").toFile());
  }

  /** The Dockerfile's stage {@code FROM ... AS name}, up to the next FROM. */
  private static String dockerfileStage(String name) throws IOException {
    String dockerfile = Files.readString(RepoPaths.root().resolve("Dockerfile"));
    Matcher stage =
        Pattern.compile("(?ms)^FROM \\S+ AS " + Pattern.quote(name) + "\\s*$(.*?)(?=^FROM |\\z)")
            .matcher(dockerfile);
    assertThat(stage.find()).as("the Dockerfile has a stage named %s", name).isTrue();
    return stage.group(1);
  }

  /** A variable's value in the stage's ENV instruction, quoted or not. */
  private static String envValue(String stage, String variable) {
    Matcher value =
        Pattern.compile("\\b" + Pattern.quote(variable) + "=(?:\"([^\"]*)\"|(\\S+))")
            .matcher(stage);
    assertThat(value.find()).as("the stage sets %s", variable).isTrue();
    return value.group(1) != null ? value.group(1) : value.group(2);
  }
}
