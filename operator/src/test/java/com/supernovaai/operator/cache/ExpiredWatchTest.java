package com.supernovaai.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A watch the API server can no longer continue (the resource version it was to resume from is
 * older than its watch cache) must end, for the operator's client, with the "gone" its informers
 * list again on. The API server says so in an ERROR event whose object is a Status of 410: here a
 * server on the loopback answers every watch that way (a real API server does only once its cache
 * has moved past the version, which a test cannot make happen in seconds).
 */
class ExpiredWatchTest {

  private static final String EXPIRED =
      """
      {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
      "message":"too old resource version: 120 (4711)","reason":"Expired","code":410}}
      """;

  private final AtomicInteger watches = new AtomicInteger();
  private HttpServer server;

  @BeforeEach
  void answerEveryWatchWithExpired() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          watches.incrementAndGet();
          byte[] body = EXPIRED.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anExpiredWatchEndsAsGoneInsteadOfResumingFromTheSameVersion() throws Exception {
    var serialization = OperatorSerialization.create();
    serialization.registerKubernetesResource(ConfigMap.class); // as its informer registers it
    var config =
        new ConfigBuilder()
            .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
            .withOnlyHttpWatches(true)
            .withWatchReconnectInterval(50)
            .build();
    var closed = new CompletableFuture<WatcherException>();
    try (KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(serialization)
                .build();
        Watch watch =
            client
                .configMaps()
                .inNamespace("prod")
                .withResourceVersion("120")
                .watch(
                    new Watcher<>() {
                      @Override
                      public void eventReceived(Action action, ConfigMap resource) {}

                      @Override
                      public void onClose(WatcherException cause) {
                        closed.complete(cause);
                      }
                    })) {
      // a bound for a failure to show, not a timing: the close comes at the first event
      WatcherException cause = closed.get(30, TimeUnit.SECONDS);

      assertThat(cause.isHttpGone()).as(cause.getMessage()).isTrue();
      assertThat(watches).as("watch requests").hasValue(1);
    }
  }
}
