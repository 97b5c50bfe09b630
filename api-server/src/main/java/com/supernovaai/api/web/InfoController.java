package com.supernovaai.api.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.supernovaai.api.auth.Anonymous;
import com.supernovaai.api.config.Settings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

/** {@code /version} for blue-green checks and {@code /metrics} in Prometheus text format. */
@Controller
@Anonymous
public class InfoController {

  private final Settings settings;
  private final PrometheusMeterRegistry prometheus;

  public InfoController(Settings settings, PrometheusMeterRegistry prometheus) {
    this.settings = settings;
    this.prometheus = prometheus;
  }

  @Get("/version")
  public Version version() {
    return new Version(settings.version(), settings.color());
  }

  @Get(uri = "/metrics", produces = "text/plain; version=0.0.4; charset=utf-8")
  public String metrics() {
    return prometheus.scrape();
  }

  /** Version and blue/green color of this replica. */
  @Serdeable
  public record Version(
      @JsonProperty("version") String version, @JsonProperty("color") String color) {}
}
