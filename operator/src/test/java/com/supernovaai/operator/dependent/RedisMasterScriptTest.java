package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.RedisMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The choice a sentinel-mode Redis pod makes before it starts (redis-master.sh, as rendered into
 * the pod's config Secret): whose replica it becomes, or whether it is the master. The shell logic
 * runs for real with {@code sh}; only the Sentinels' answers come from a stand-in {@code
 * redis-cli}, which can stay silent for its first calls as a pod's network does until the
 * NetworkPolicy engine has learnt the pod's address, and the clock is a stand-in {@code date} that
 * only a stand-in {@code sleep} moves, so the waits of a minute take no time.
 */
class RedisMasterScriptTest {

  private static final String PODS = "rf-redis-0.h rf-redis-1.h rf-redis-2.h";

  @TempDir Path dir;
  private Path data;
  private Path bin;

  @BeforeEach
  void standIns() throws IOException {
    data = Files.createDirectories(dir.resolve("data"));
    bin = Files.createDirectories(dir.resolve("bin"));
    // The pod whose choice is tested is always rf-redis-0, the stack's first pod.
    executable(bin.resolve("hostname"), "#!/bin/sh\necho rf-redis-0\n");
    executable(bin.resolve("date"), "#!/bin/sh\ncat \"$STATE/clock\" 2>/dev/null || echo 1000\n");
    executable(
        bin.resolve("sleep"),
        """
        #!/bin/sh
        echo $(( $(cat "$STATE/clock" 2>/dev/null || echo 1000) + $1 )) > "$STATE/clock"
        """);
    // Silent (no answer, as a dropped packet) for the first SILENT_CALLS calls, then the Sentinel's
    // answer: SENTINEL_ANSWERS, one per call, the last repeated; none when empty.
    executable(
        bin.resolve("redis-cli"),
        """
        #!/bin/sh
        # A PING of another pod's Sentinel: it answers unless OTHERS_DOWN, and no Sentinel is silent.
        case "$*" in
          *" ping") [ "${OTHERS_DOWN:-0}" = 1 ] || [ -z "$SENTINEL_ANSWERS" ] && exit 1; echo PONG; exit 0 ;;
        esac
        calls=$(( $(cat "$STATE/calls" 2>/dev/null || echo 0) + 1 ))
        echo "$calls" > "$STATE/calls"
        [ "$calls" -le "$SILENT_CALLS" ] && exit 1
        set -- $SENTINEL_ANSWERS
        [ $# -eq 0 ] && { echo "Could not connect to Redis at host:26379: Connection refused" >&2; exit 1; }
        answered=$(( $(cat "$STATE/answered" 2>/dev/null || echo 0) + 1 ))
        echo "$answered" > "$STATE/answered"
        while [ $# -gt 1 ] && [ "$answered" -gt 1 ]; do shift; answered=$((answered - 1)); done
        printf '%s\\n6379\\n' "$1"
        """);
  }

  @Test
  void aRestartedMemberThatCannotReachTheSentinelsYetWaitsForThemInsteadOfStartingAsMaster()
      throws Exception {
    ranBefore();
    // Two rounds of three Sentinels unanswered, then they name the promoted replica.
    Choice choice = choose(6, "rf-redis-1.h", null, null);
    assertThat(choice.master()).isEqualTo("rf-redis-1.h");
    assertThat(choice.log()).contains("no Sentinel answers, but this pod's Redis ran before");
  }

  @Test
  void aNewStacksFirstPodStartsAsTheMasterAtOnce() throws Exception {
    Choice choice = choose(0, "", null, null);
    assertThat(choice.master()).isEqualTo("rf-redis-0.h");
    assertThat(choice.log()).doesNotContain("asking again");
  }

  @Test
  void aMemberNamedMasterWaitsForTheFailoverToAReplica() throws Exception {
    ranBefore();
    Choice choice = choose(0, "rf-redis-0.h rf-redis-0.h rf-redis-2.h", null, null);
    assertThat(choice.master()).isEqualTo("rf-redis-2.h");
    assertThat(choice.log()).contains("the Sentinels still name this pod the master");
  }

  @Test
  void aMemberNamedMasterOutwaitsSentinelsInTiltMode() throws Exception {
    ranBefore();
    // A Sentinel whose event loop stalled (a slow DNS answer for the pod that went away) spends 30
    // s in TILT mode and fails over only then: seen in CI, 4 s after the master's pod was deleted.
    // They name this pod for 40 s, then the replica they promoted.
    Choice choice = choose(0, "rf-redis-0.h ".repeat(40) + "rf-redis-2.h", null, null);
    assertThat(choice.master()).isEqualTo("rf-redis-2.h");
  }

  @Test
  void aMemberStillNamedMasterAfterTheWaitStartsAsTheMaster() throws Exception {
    ranBefore();
    Choice choice = choose(0, "rf-redis-0.h", null, null);
    assertThat(choice.master()).isEqualTo("rf-redis-0.h");
    assertThat(choice.log()).contains("waited 60 s for their failover");
  }

  @Test
  void aMemberNoSentinelAnswersAfterTheWaitTakesTheFirstPod() throws Exception {
    ranBefore();
    Choice choice = choose(Integer.MAX_VALUE, "", null, 5);
    assertThat(choice.master()).isEqualTo("rf-redis-0.h");
    assertThat(choice.log()).contains("asking again").contains("waited 5 s for a Sentinel");
  }

  @Test
  void aNewStacksSentinelMonitorsThePodItsRedisChoseWithoutWaiting() throws Exception {
    // The pod's two containers start in order on a new, empty volume; its Redis (a stand-in)
    // creates its append-only directory as it starts, before the Sentinel's script runs.
    Pod pod = startPod();
    assertThat(pod.redisLog()).contains("starting as the master");
    assertThat(pod.sentinelConf()).contains("sentinel monitor supernova rf-redis-0.h 6379 2");
    assertThat(pod.sentinelLog()).doesNotContain("asking again").doesNotContain("waited");
  }

  @Test
  void aDeletedMastersPodStaysUntilTheSentinelsHavePromotedAReplica() throws Exception {
    // The Sentinels name this pod for 4 s after its deletion, then the replica they promoted.
    Stop stop = stop("rf-redis-0.h rf-redis-0.h rf-redis-0.h rf-redis-0.h rf-redis-2.h", false);
    assertThat(stop.log()).contains("holding it until they have promoted a replica");
    assertThat(stop.seconds()).isEqualTo(4);
  }

  @Test
  void aReplicasPodStopsAtOnce() throws Exception {
    Stop stop = stop("rf-redis-1.h", false);
    assertThat(stop.log()).isEmpty();
    assertThat(stop.seconds()).isZero();
  }

  @Test
  void theMastersPodStopsAtOnceWhenNoOtherSentinelIsLeftToFailOver() throws Exception {
    // The whole stack is being deleted: the other pods' Sentinels went first.
    Stop stop = stop("rf-redis-0.h", true);
    assertThat(stop.log()).contains("no other Sentinel answers");
    assertThat(stop.seconds()).isZero();
  }

  @Test
  void theMastersPodStopsAfterItsLimitWhenTheFailoverDoesNotCome() throws Exception {
    Stop stop = stop("rf-redis-0.h", false);
    assertThat(stop.log()).contains("waited 45 s for the Sentinels' failover");
    assertThat(stop.seconds()).isEqualTo(45);
  }

  private record Choice(String master, String log) {}

  private record Stop(String log, int seconds) {}

  private record Pod(String redisLog, String sentinelLog, String sentinelConf) {}

  /**
   * Runs the pod's start scripts as its containers do, Redis's first, then the Sentinel's, with no
   * Sentinel answering (a new stack): stand-ins for {@code redis-server} (its Redis creates its
   * append-only directory; both exit at once) and {@code getent} (every name resolves).
   */
  private Pod startPod() throws Exception {
    Path config = Files.createDirectories(dir.resolve("etc-redis"));
    Path run = Files.createDirectories(dir.resolve("run"));
    var secret = renderedSecret();
    for (String file : secret.getData().keySet()) {
      Files.writeString(
          config.resolve(file),
          TestContexts.decode(secret.getData().get(file)),
          StandardCharsets.UTF_8);
    }
    executable(
        bin.resolve("redis-server"),
        "#!/bin/sh\ncase \"$*\" in *--sentinel*) ;; *) mkdir -p \"$REDIS_DATA_DIR/appendonlydir\" ;; esac\n");
    executable(bin.resolve("getent"), "#!/bin/sh\nexit 0\n");
    Path state = Files.createDirectories(dir.resolve("state-" + System.nanoTime()));
    String redisLog = runScript(config.resolve(RedisPods.REDIS_START), config, run, state);
    String sentinelLog = runScript(config.resolve(RedisPods.SENTINEL_START), config, run, state);
    return new Pod(redisLog, sentinelLog, Files.readString(run.resolve("sentinel.conf")));
  }

  /** One start script, with no Sentinel answering; its stdout and stderr. */
  private String runScript(Path script, Path config, Path run, Path state) throws Exception {
    return runScript(
        script, config, state, Map.of("SENTINEL_ANSWERS", "", "REDIS_RUN_DIR", run.toString()));
  }

  /**
   * One of the pod's scripts as its container runs it, with the stand-ins first on its path and the
   * pod's environment plus {@code extra}; its stdout and stderr.
   */
  private String runScript(Path script, Path config, Path state, Map<String, String> extra)
      throws Exception {
    Path out = dir.resolve(script.getFileName() + ".log");
    var process =
        new ProcessBuilder("sh", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    var env = process.environment();
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("STATE", state.toString());
    env.put("SILENT_CALLS", "0");
    env.put("REDIS_PODS", PODS);
    env.put("REDIS_MASTER_NAME", "supernova");
    env.put("REDIS_DATA_DIR", data.toString());
    env.put("REDIS_CONFIG_DIR", config.toString());
    env.putAll(extra);
    Process started = process.start();
    assertThat(started.waitFor(60, TimeUnit.SECONDS)).as(script + " returned").isTrue();
    String log = Files.readString(out);
    assertThat(started.exitValue()).as(log).isZero();
    return log;
  }

  /** What Redis left on a volume it ran on: its append-only directory. */
  private void ranBefore() throws IOException {
    Files.createDirectories(data.resolve("appendonlydir"));
  }

  /** The pod's choice; a wait of null is the script's default. */
  private Choice choose(int silentCalls, String answers, Integer failoverWait, Integer sentinelWait)
      throws Exception {
    var secret = renderedSecret();
    Path lib = dir.resolve(RedisPods.MASTER_LIB);
    Files.writeString(
        lib,
        TestContexts.decode(secret.getData().get(RedisPods.MASTER_LIB)),
        StandardCharsets.UTF_8);
    Path state = Files.createDirectories(dir.resolve("state-" + System.nanoTime()));
    var process =
        new ProcessBuilder("sh", "-c", "set -eu; . \"$LIB\"; initial_master")
            .redirectError(dir.resolve("stderr").toFile())
            .redirectOutput(dir.resolve("stdout").toFile());
    var env = process.environment();
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("LIB", lib.toString());
    env.put("STATE", state.toString());
    env.put("SILENT_CALLS", Integer.toString(silentCalls));
    env.put("SENTINEL_ANSWERS", answers);
    env.put("REDIS_PODS", PODS);
    env.put("REDIS_MASTER_NAME", "supernova");
    env.put("REDIS_DATA_DIR", data.toString());
    if (failoverWait != null) {
      env.put("REDIS_FAILOVER_WAIT", failoverWait.toString());
    }
    if (sentinelWait != null) {
      env.put("REDIS_SENTINEL_WAIT", sentinelWait.toString());
    }
    Process started = process.start();
    assertThat(started.waitFor(60, TimeUnit.SECONDS)).as("initial_master returned").isTrue();
    String log = Files.readString(dir.resolve("stderr"));
    assertThat(started.exitValue()).as(log).isZero();
    return new Choice(Files.readString(dir.resolve("stdout")).trim(), log);
  }

  /**
   * The Sentinel container's preStop (sentinel-stop.sh) with the Sentinels naming SENTINEL_ANSWERS
   * in turn: its log and the seconds it held the pod, by the stand-in clock.
   */
  private Stop stop(String answers, boolean othersDown) throws Exception {
    Path config = Files.createDirectories(dir.resolve("etc-redis"));
    var secret = renderedSecret();
    for (String file : List.of(RedisPods.MASTER_LIB, RedisPods.SENTINEL_STOP)) {
      Files.writeString(
          config.resolve(file),
          TestContexts.decode(secret.getData().get(file)),
          StandardCharsets.UTF_8);
    }
    Path state = Files.createDirectories(dir.resolve("state-" + System.nanoTime()));
    String log =
        runScript(
            config.resolve(RedisPods.SENTINEL_STOP),
            config,
            state,
            Map.of("SENTINEL_ANSWERS", answers, "OTHERS_DOWN", othersDown ? "1" : "0"));
    Path clock = state.resolve("clock");
    int now = Files.exists(clock) ? Integer.parseInt(Files.readString(clock).trim()) : 1000;
    return new Stop(log, now - 1000);
  }

  /** The sentinel-mode stack's config Secret: redis.conf, sentinel.conf and the scripts. */
  private static io.fabric8.kubernetes.api.model.Secret renderedSecret() {
    var stack = Stacks.minimal();
    stack.getSpec().getRedis().setMode(RedisMode.SENTINEL);
    return new RedisConfigSecretDependent()
        .desired(
            stack,
            TestContexts.with(
                TestContexts.secret("supernova", "prod-redis-credentials", "password", "p4ss")));
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
