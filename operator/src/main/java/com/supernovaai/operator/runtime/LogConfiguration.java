package com.supernovaai.operator.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * The operator's log, configured in code instead of a logback.xml: reading XML loads logback's
 * Joran configurator and the JDK's XML parser, ~600 classes kept in metaspace for the process's
 * life to read one small file once (e2e/bench/HISTORY.md, twenty-seventh slice). From the
 * environment, as the chart sets it:
 *
 * <ul>
 *   <li>{@code LOG_FORMAT}: {@code TEXT} (default) or {@code JSON}, one object per line (logback's
 *       {@link JsonEncoder});
 *   <li>{@code LOG_LEVEL}: the root level (default INFO); {@code JOSDK_LOG_LEVEL}: the operator
 *       SDK's (default INFO); fabric8's client logs from WARN.
 * </ul>
 *
 * A configuration file wins, as in logback's own order: one named by {@code
 * -Dlogback.configurationFile}, or a {@code logback-test.xml} or {@code logback.xml} on the class
 * path (the end-to-end tests' own), is left to logback's file configurator.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {

  private static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{36} - %msg%n";

  private final Function<String, String> environment;
  private final Predicate<String> resourceExists;

  /** The process's: what logback's service loader instantiates. */
  public LogConfiguration() {
    this(System::getenv, name -> LogConfiguration.class.getClassLoader().getResource(name) != null);
  }

  LogConfiguration(Function<String, String> environment, Predicate<String> resourceExists) {
    this.environment = environment;
    this.resourceExists = resourceExists;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || resourceExists.test("logback-test.xml")
        || resourceExists.test("logback.xml")) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    context.getStatusManager().add(new NopStatusListener()); // logback's own chatter, as before
    String format = setting("LOG_FORMAT", "TEXT").toUpperCase(Locale.ROOT);
    boolean json = format.equals("JSON");
    var appender = new ConsoleAppender<ILoggingEvent>();
    appender.setContext(context);
    appender.setName(json ? "JSON" : "TEXT");
    appender.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
    appender.start();

    var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(setting("LOG_LEVEL", "INFO"), Level.INFO));
    root.addAppender(appender);
    context
        .getLogger("io.javaoperatorsdk")
        .setLevel(Level.toLevel(setting("JOSDK_LOG_LEVEL", "INFO"), Level.INFO));
    context.getLogger("io.fabric8").setLevel(Level.WARN);
    if (!json && !format.equals("TEXT")) {
      // A typo would otherwise leave the operator silent (the XML's appender-ref found nothing).
      context
          .getLogger(LogConfiguration.class)
          .warn("LOG_FORMAT={} is neither TEXT nor JSON: logging as TEXT", format);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private String setting(String name, String fallback) {
    String value = environment.apply(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    var encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    var encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.start();
    return encoder;
  }
}
