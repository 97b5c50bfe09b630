package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.e2e.cluster.RealNode.Shell;
import com.supernovaai.e2e.cluster.RepoPaths;
import com.supernovaai.e2e.cluster.SharedRealNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's first command on a machine that can run containers: a real node, the project's
 * images, the operator from its own image, examples/local-images.yaml Ready, and the API answering
 * through its Service (register, login, ingest, read back). The demo adds the web frontend
 * (spec.frontend): the page, the API and its WebSocket through the frontend's Service, and the
 * chart drawn by a headless Chromium and redrawn when the API's WebSocket announces a new point
 * (its screenshot: e2e/target/frontend.png). {@code stop} leaves nothing running.
 */
// Not @Isolated: it runs beside the kwok classes (its own cluster, its own node, its own state
// directory and ports, nothing timed), which mostly wait; the shared node's classes, all @Isolated,
// start only after every class of that phase has ended, so one real node per machine still holds.
class RealNodeDemoIT {

  /** One real node per machine: the demo brings its own (RealNodeClassOrder runs it first). */
  private static final String NS = "supernova";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void noSharedNode() {
    SharedRealNode.downNow();
  }

  /** The demo's node is down (stop, checked below): the shared one can come up meanwhile. */
  @AfterAll
  static void shareTheMachine() {
    SharedRealNode.warmUp();
  }

  @Test
  void demoRunsTheStackForRealAndTheApiAnswersThroughItsService() throws Exception {
    Path cluster;
    try (DemoScript demo = new DemoScript()) {
      DemoScript.Run run = demo.run(Map.of("SUPERNOVA_DEMO_MODE", "real"), 15);
      String out = run.output();
      cluster = demo.clusterDir();
      assertThat(run.exitCode()).as(out).isZero();

      assertThat(out)
          .contains("supernova-node   Ready")
          .containsPattern("(?m)^supernova-operator-\\S+\\s+1/1\\s+Running")
          .containsPattern("(?m)^local-db-0\\s+1/1\\s+Running")
          .containsPattern("(?m)^GET /health: \\{\"status\":\"healthy\"\\} -> HTTP 200$")
          // Self-registration is off; the generated administrator creates the demo's account.
          .containsPattern("(?m)^POST /auth/register: .* -> HTTP 403$")
          .containsPattern(
              "(?m)^POST /admin/users: \\{\"username\":\"demo\",\"roles\":\\[\"read\",\"write\"\\]\\} -> HTTP 201$")
          .containsPattern("(?m)^POST /auth/login: .* -> HTTP 200$")
          .containsPattern("(?m)^POST /api/sentiment: \\{\"upserted\":1\\} -> HTTP 200$")
          .containsPattern(
              "(?m)^GET /api/sentiment/NOVA: \\{\"symbol\":\"NOVA\",\"count\":1,.* -> HTTP 200$")
          .doesNotContain("simulated by kwok");
      // Tokens are not printed.
      assertThat(out).doesNotContainPattern("\"access_token\":\"[^.\"]");
      List<String> lines = out.lines().toList();
      int table = lines.indexOf("==> kubectl get supernovastack");
      assertThat(table).as(out).isPositive();
      assertThat(lines.get(table + 2))
          .containsPattern(
              "^local\\s+True\\s+Ready\\s+blue\\s+localhost/supernova/api-server:local");

      // The frontend, as a user of the demo meets it (port-forwarded) ...
      assertThat(out)
          .containsPattern("(?m)^GET / \\(the page\\): HTTP 200 text/html$")
          .containsPattern("(?m)^==> The frontend through its Service");
      // ... and through its Service's ClusterIP (kube-proxy's rules on this machine).
      frontendShowsTheChart(cluster);
    }
    // After stop: the cluster is gone, and with it every process of the demo.
    assertThat(cluster).isNotNull();
    assertThat(cluster).doesNotExist();
    assertThat(Shell.run(List.of("ps", "-eo", "args"), Map.of(), Duration.ofSeconds(10)).stdout())
        .doesNotContain(cluster.toString());
  }

  /**
   * Through the frontend's Service: the page, sign-in and the API (the demo's account), a day of
   * hourly sentiment seeded through it while a WebSocket through it receives the update; then the
   * page in Chromium draws one point per hourly average the API returns.
   */
  private static void frontendShowsTheChart(Path cluster) throws Exception {
    long start = System.nanoTime();
    String kubeconfig = Files.readString(cluster.resolve("kubeconfig"));
    String ip;
    try (KubernetesClient client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
      var pods =
          client
              .pods()
              .inNamespace(NS)
              .withLabel("app.kubernetes.io/component", "frontend")
              .list()
              .getItems();
      assertThat(pods)
          .singleElement()
          .satisfies(
              pod -> {
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(101L);
                assertThat(
                        pod.getSpec()
                            .getContainers()
                            .get(0)
                            .getSecurityContext()
                            .getReadOnlyRootFilesystem())
                    .isTrue();
              });
      ip =
          client
              .services()
              .inNamespace(NS)
              .withName("local-frontend")
              .get()
              .getSpec()
              .getClusterIP();
    }
    String base = "http://" + ip;

    HttpResponse<String> page = get(base + "/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>SuperNova sentiment</title>");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));

    HttpResponse<String> login =
        post(base + "/auth/login", null, "{\"username\":\"demo\",\"password\":\"demo-password\"}");
    assertThat(login.statusCode()).as("POST /auth/login through the frontend").isEqualTo(200);
    String token = JSON.readTree(login.body()).path("access_token").asText();
    assertThat(token).isNotBlank();

    // The WebSocket through the frontend (nginx passes the upgrade on /ws/).
    List<String> messages = new CopyOnWriteArrayList<>();
    WebSocket socket =
        HTTP.newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .buildAsync(
                URI.create("ws://" + ip + "/ws/sentiment/NOVA"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    messages.add(data.toString());
                    webSocket.request(1);
                    return null;
                  }
                })
            .get(30, TimeUnit.SECONDS);
    await("the WebSocket's subscription through the frontend")
        .atMost(Duration.ofSeconds(30))
        .until(() -> messages.stream().anyMatch(m -> m.contains("\"subscribed\"")));

    // 23 past hours of a wave (the demo wrote one point in the current hour).
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    var batch = JSON.createArrayNode();
    int seeded = 23;
    for (int i = 1; i <= seeded; i++) {
      batch
          .addObject()
          .put("timestamp", hour.minus(i, ChronoUnit.HOURS).plus(10, ChronoUnit.MINUTES).toString())
          .put("symbol", "NOVA")
          .put("overall_score", Math.round(600 * Math.sin(i / 3.0)) / 1000.0)
          .put("confidence", 0.9);
    }
    HttpResponse<String> ingest = post(base + "/api/sentiment", token, batch.toString());
    assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
    assertThat(JSON.readTree(ingest.body()).path("upserted").asInt()).isEqualTo(seeded);
    await("the live update on the WebSocket through the frontend")
        .atMost(Duration.ofSeconds(30))
        .until(() -> messages.stream().anyMatch(m -> !m.contains("\"subscribed\"")));
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);

    String from = Instant.now().minus(24, ChronoUnit.HOURS).toString();
    HttpResponse<String> hourly = get(base + "/api/sentiment/NOVA/hourly?from=" + from, token);
    assertThat(hourly.statusCode()).as(hourly.body()).isEqualTo(200);
    int buckets = JSON.readTree(hourly.body()).path("buckets").size();
    assertThat(buckets).isGreaterThanOrEqualTo(seeded);

    // The page as a person sees it: sign in with the form, the chart drawn from the API.
    Path target = RepoPaths.root().resolve("e2e/target");
    Files.createDirectories(target);
    try (HeadlessBrowser browser = new HeadlessBrowser(ip)) {
      browser.open(base + "/");
      browser.evaluate(
          "document.getElementById('username').value = 'demo';"
              + "document.getElementById('password').value = 'demo-password';"
              + "document.getElementById('query').requestSubmit(); 'submitted'");
      await("the chart drawn")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                String state = browser.evaluate("document.body.dataset.state");
                if ("error".equals(state)) {
                  throw new AssertionError(
                      "the page says: "
                          + browser.evaluate("document.getElementById('status').textContent"));
                }
                return "loaded".equals(state);
              });
      Files.write(target.resolve("frontend.png"), browser.screenshot());
      Files.writeString(
          target.resolve("frontend-dom.html"),
          browser.evaluate("document.documentElement.outerHTML"));
      assertThat(browser.evaluate("document.body.dataset.points"))
          .isEqualTo(String.valueOf(buckets));
      assertThat(
              browser.evaluate("String(document.querySelectorAll('#chart circle.point').length)"))
          .isEqualTo(String.valueOf(buckets));
      // The token stays in the page's memory: nothing in storage.
      assertThat(browser.evaluate("String(localStorage.length + sessionStorage.length)"))
          .isEqualTo("0");
      pageRedrawsWhenAPointArrives(browser, base, token, target);
    }
    System.out.printf(
        "RealNodeDemoIT: frontend checks (page, API and WebSocket through the frontend, %d hourly"
            + " points in the browser, screenshot e2e/target/frontend.png) took %d ms%n",
        buckets, (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * The page, already showing the chart, follows the API's WebSocket (through the frontend's nginx,
   * with the token as a subprotocol): a point posted through the API appears in the page's text and
   * in the chart, without a reload, within a bounded wait. Then the screenshot is taken again.
   */
  private static void pageRedrawsWhenAPointArrives(
      HeadlessBrowser browser, String base, String token, Path target) throws Exception {
    long begin = System.nanoTime();
    await("the page's WebSocket subscribed")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> "open".equals(browser.evaluate("document.body.dataset.live")));
    // Gone if the page were loaded again.
    browser.evaluate("window.sameDocument = 'yes'");
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    double score = -0.777;
    var point = JSON.createArrayNode().addObject();
    point.put("timestamp", at.toString()).put("symbol", "NOVA").put("overall_score", score);
    point.put("confidence", 0.8);
    long posted = System.nanoTime();
    HttpResponse<String> ingest = post(base + "/api/sentiment", token, "[" + point + "]");
    assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);

    String expected = "the last -0.777 for " + at.toString().substring(11, 19) + " UTC";
    await("the live point in the page's text")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> browser.evaluate("document.getElementById('live').textContent"),
            t -> t.contains(expected));
    await("the chart redrawn")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "1".equals(browser.evaluate("document.body.dataset.updates")));
    long shown = System.nanoTime();
    assertThat(browser.evaluate("window.sameDocument")).as("no reload").isEqualTo("yes");

    // The point's hour as the API has it now is what the chart draws.
    Instant hour = at.truncatedTo(ChronoUnit.HOURS);
    HttpResponse<String> hourly = get(base + "/api/sentiment/NOVA/hourly?from=" + hour, token);
    var bucket =
        java.util.stream.StreamSupport.stream(
                JSON.readTree(hourly.body()).path("buckets").spliterator(), false)
            .filter(b -> Instant.parse(b.path("bucket").asText()).equals(hour))
            .findFirst()
            .orElseThrow();
    String circle =
        "document.querySelector('#chart circle.point[data-bucket=\""
            + bucket.path("bucket").asText()
            + "\"]')";
    assertThat(browser.evaluate(circle + ".dataset.count"))
        .as("points in the hour, as drawn")
        .isEqualTo(bucket.path("count").asText());
    assertThat(Double.parseDouble(browser.evaluate(circle + ".dataset.score")))
        .isEqualTo(bucket.path("avg_overall_score").asDouble());
    Files.write(target.resolve("frontend.png"), browser.screenshot());
    System.out.printf(
        "RealNodeDemoIT: a point posted through the API was on the page (text and chart) %d ms"
            + " later, without a reload; the live-update check took %d ms%n",
        (shown - posted) / 1_000_000, (System.nanoTime() - begin) / 1_000_000);
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String token, String json) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
