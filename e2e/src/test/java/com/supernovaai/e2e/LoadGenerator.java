package com.supernovaai.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady HTTP load on the API through a Service's ClusterIP, every request recorded with its
 * outcome and the color and version that answered.
 *
 * <p>Each request opens its own TCP connection ({@code Connection: close}): kube-proxy routes a
 * connection when it opens, so a kept-alive connection would stay on a pod after the Service
 * switched and the recording would show the client's pooling, not the Service's routing. Bounded in
 * time and in count, so a hung phase cannot run a test forever.
 */
final class LoadGenerator implements AutoCloseable {

  /** What a request asked for: a version probe, an authenticated read, an acknowledged write. */
  enum Kind {
    VERSION,
    READ,
    WRITE
  }

  /** How it ended. Failures are what a client of the stack would call an outage. */
  enum Result {
    OK,
    CLIENT_ERROR,
    SERVER_ERROR,
    CONNECTION_ERROR,
    TIMEOUT;

    boolean failed() {
      return this == SERVER_ERROR || this == CONNECTION_ERROR || this == TIMEOUT;
    }
  }

  /** One request: when it was sent and answered, by which color, and the point it wrote. */
  record Request(
      Kind kind,
      Instant sent,
      Instant done,
      int status,
      Result result,
      String color,
      String version,
      String detail,
      Instant point) {

    boolean acknowledgedWrite() {
      return kind == Kind.WRITE && result == Result.OK;
    }
  }

  /** Where and as whom: the Service's address and a bearer token for {@code /api/**}. */
  record Target(URI base, String token, String symbol) {}

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern COLOR = Pattern.compile("\"color\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"");

  /** The cycle requests follow: half version probes, a quarter reads, a quarter writes. */
  private static final List<Kind> CYCLE =
      List.of(Kind.VERSION, Kind.READ, Kind.VERSION, Kind.WRITE);

  private final Target target;
  private final AtomicLong nextPoint;
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final int budget;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final ThreadPoolExecutor senders;
  private final Instant deadline;
  private Thread pacer;

  /**
   * Starts sending {@code perSecond} requests a second until {@link #stop()}, {@code maxDuration}
   * or {@code maxRequests}, whichever comes first. Open loop: one pacer hands each request to a
   * pool of up to {@code maxInFlight} threads and never waits for answers, so requests that hang
   * during an outage do not lower the rate (closed-loop workers would stop sending exactly when
   * failures are to be counted). Written points are one second apart from {@code firstPoint} on,
   * shared across generators through it.
   */
  static LoadGenerator start(
      Target target,
      int perSecond,
      int maxInFlight,
      Duration maxDuration,
      int maxRequests,
      AtomicLong firstPoint) {
    LoadGenerator load =
        new LoadGenerator(target, maxInFlight, maxDuration, maxRequests, firstPoint);
    long intervalNanos = Duration.ofSeconds(1).toNanos() / perSecond;
    load.pacer = new Thread(() -> load.pace(intervalNanos), "load-pacer");
    load.pacer.setDaemon(true);
    load.pacer.start();
    return load;
  }

  private LoadGenerator(
      Target target,
      int maxInFlight,
      Duration maxDuration,
      int maxRequests,
      AtomicLong firstPoint) {
    this.target = target;
    this.deadline = Instant.now().plus(maxDuration);
    this.budget = maxRequests;
    this.nextPoint = firstPoint;
    AtomicInteger threads = new AtomicInteger();
    this.senders =
        new ThreadPoolExecutor(
            maxInFlight,
            maxInFlight,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "load-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.senders.allowCoreThreadTimeOut(true);
  }

  private void pace(long intervalNanos) {
    long start = System.nanoTime();
    for (int i = 0; i < budget && !stopped.get() && Instant.now().isBefore(deadline); i++) {
      long wait = start + i * intervalNanos - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
      Kind kind = CYCLE.get(i % CYCLE.size());
      senders.execute(() -> requests.add(send(kind)));
    }
  }

  private Request send(Kind kind) {
    Instant point = kind == Kind.WRITE ? Instant.ofEpochSecond(nextPoint.getAndIncrement()) : null;
    String head;
    String body = "";
    switch (kind) {
      case VERSION -> head = "GET /version HTTP/1.1";
      case READ -> head = "GET /api/sentiment/" + target.symbol() + "/hourly HTTP/1.1";
      default -> {
        head = "POST /api/sentiment HTTP/1.1";
        body =
            "[{\"timestamp\":\""
                + point
                + "\",\"symbol\":\""
                + target.symbol()
                + "\",\"overall_score\":0.5,\"confidence\":0.9,\"source_counts\":{\"news\":1}}]";
      }
    }
    Instant sent = Instant.now();
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(target.base().getHost(), target.base().getPort()),
          (int) CONNECT_TIMEOUT.toMillis());
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      StringBuilder request = new StringBuilder(head).append("\r\n");
      request.append("Host: ").append(target.base().getAuthority()).append("\r\n");
      request.append("Connection: close\r\n");
      if (kind != Kind.VERSION) {
        request.append("Authorization: Bearer ").append(target.token()).append("\r\n");
      }
      byte[] payload = body.getBytes(StandardCharsets.UTF_8);
      if (kind == Kind.WRITE) {
        request.append("Content-Type: application/json\r\n");
        request.append("Content-Length: ").append(payload.length).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return parse(kind, sent, response, point);
    } catch (SocketTimeoutException e) {
      return failure(kind, sent, Result.TIMEOUT, e, point);
    } catch (ConnectException e) {
      return failure(kind, sent, Result.CONNECTION_ERROR, e, point);
    } catch (IOException e) {
      return failure(kind, sent, Result.CONNECTION_ERROR, e, point);
    }
  }

  /**
   * A raw HTTP/1.1 response: status line, the attribution headers, and for {@code /version} the
   * body (which names version and color on every API server version).
   */
  static Request parse(Kind kind, Instant sent, String response, Instant point) {
    Instant done = Instant.now();
    if (!response.startsWith("HTTP/1.")) {
      return new Request(
          kind, sent, done, 0, Result.CONNECTION_ERROR, null, null, "no HTTP response", point);
    }
    int lineEnd = response.indexOf("\r\n");
    String statusLine = response.substring(0, lineEnd < 0 ? response.length() : lineEnd);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    int headerEnd = response.indexOf("\r\n\r\n");
    String headers = headerEnd < 0 ? response : response.substring(0, headerEnd);
    String bodyText = headerEnd < 0 ? "" : response.substring(headerEnd + 4);
    String color = header(headers, "X-SuperNova-Color");
    String version = header(headers, "X-SuperNova-Version");
    if (kind == Kind.VERSION && status == 200) {
      color = color != null ? color : group(COLOR.matcher(bodyText));
      version = version != null ? version : group(VERSION.matcher(bodyText));
    }
    Result result =
        status >= 500 ? Result.SERVER_ERROR : status >= 400 ? Result.CLIENT_ERROR : Result.OK;
    String detail = result == Result.OK ? null : statusLine;
    return new Request(kind, sent, done, status, result, color, version, detail, point);
  }

  private static Request failure(Kind kind, Instant sent, Result result, IOException e, Instant p) {
    return new Request(
        kind, sent, Instant.now(), 0, result, null, null, e.getClass().getSimpleName(), p);
  }

  private static String header(String headers, String name) {
    String prefix = name.toLowerCase(Locale.ROOT) + ":";
    return headers
        .lines()
        .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim())
        .findFirst()
        .orElse(null);
  }

  private static String group(Matcher m) {
    return m.find() ? m.group(1) : null;
  }

  /** What was recorded so far, in the order the requests were sent. */
  List<Request> snapshot() {
    return requests.stream().sorted(java.util.Comparator.comparing(Request::sent)).toList();
  }

  /** Stops sending, waits for the requests in flight, and returns every request. */
  List<Request> stop() {
    stopped.set(true);
    try {
      pacer.join();
      senders.shutdown();
      senders.awaitTermination(
          READ_TIMEOUT.plus(CONNECT_TIMEOUT).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return snapshot();
  }

  @Override
  public void close() {
    stop();
  }
}
