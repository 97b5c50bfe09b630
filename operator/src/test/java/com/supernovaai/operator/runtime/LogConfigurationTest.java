package com.supernovaai.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the operator writes to stdout, as the chart's environment configures it. */
class LogConfigurationTest {

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void captureStdout() {
    original = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStdout() {
    System.setOut(original);
  }

  @Test
  void textByDefaultInTheFormatOfTheFormerLogbackXml() {
    var context = configured(Map.of());

    context.getLogger("com.supernovaai.operator.runtime.Main").info("stack {} ready", "a");

    assertThat(output())
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[main\\]"
                + " c\\.supernovaai\\.operator\\.runtime\\.Main - stack a ready\n");
  }

  @Test
  void jsonIsOneObjectPerLineWithoutSequenceNumbersOrNanoseconds() {
    var context = configured(Map.of("LOG_FORMAT", "json"));

    context.getLogger("com.supernovaai.operator.runtime.Main").warn("stack {} failed", "a");
    context.getLogger("com.supernovaai.operator.runtime.Main").info("second");

    String[] lines = output().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0])
        .startsWith("{")
        .endsWith("}")
        .contains("\"level\":\"WARN\"")
        .contains("\"loggerName\":\"com.supernovaai.operator.runtime.Main\"")
        .contains("\"message\":\"stack {} failed\"")
        .contains("\"arguments\": [\"a\"]")
        .doesNotContain("sequenceNumber")
        .doesNotContain("nanoseconds");
  }

  @Test
  void levelsComeFromTheEnvironmentAndTheClientLogsFromWarn() {
    var context = configured(Map.of("LOG_LEVEL", "DEBUG", "JOSDK_LOG_LEVEL", "WARN"));

    context.getLogger("com.supernovaai.operator.reconciler.X").debug("shown");
    context.getLogger("io.javaoperatorsdk.operator.X").info("hidden");
    context.getLogger("io.fabric8.kubernetes.client.X").info("hidden");
    context.getLogger("io.fabric8.kubernetes.client.X").warn("client warning");

    assertThat(output()).contains("shown").contains("client warning").doesNotContain("hidden");
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void anUnknownFormatLogsAsTextAndSaysSo() {
    var context = configured(Map.of("LOG_FORMAT", "yaml"));

    context.getLogger("com.supernovaai.operator.runtime.Main").info("still logged");

    assertThat(output())
        .contains("WARN  [main] c.s.o.runtime.LogConfiguration - LOG_FORMAT=YAML is neither")
        .contains("INFO  [main] c.supernovaai.operator.runtime.Main - still logged");
  }

  @Test
  void aConfigurationFileOnTheClassPathIsLeftToLogback() {
    var context = new LoggerContext();
    var configuration =
        new LogConfiguration(Map.<String, String>of()::get, Set.of("logback-test.xml")::contains);
    configuration.setContext(context);

    assertThat(configuration.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders()).isExhausted();
  }

  @Test
  void logbackFindsItAndThisProcessIsConfiguredByIt() {
    assertThat(ServiceLoader.load(Configurator.class))
        .anySatisfy(found -> assertThat(found).isInstanceOf(LogConfiguration.class));
    var process = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(process.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("TEXT")).isNotNull();
  }

  private LoggerContext configured(Map<String, String> environment) {
    var context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's provider gives the process's
    var configuration = new LogConfiguration(environment::get, name -> false);
    configuration.setContext(context);
    assertThat(configuration.configure(context))
        .isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    return context;
  }

  private String output() {
    return stdout.toString(StandardCharsets.UTF_8);
  }
}
