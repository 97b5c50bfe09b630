package com.supernovaai.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.BackupVerifySpec;
import com.supernovaai.operator.model.ObjectStoreSpec;
import com.supernovaai.operator.model.RedisMode;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's alert expressions run through Prometheus's own tool (promtool from Debian's
 * prometheus package): they parse, and on series of two stacks in one namespace each returns the
 * stack it belongs to and nothing of the other.
 */
class StackAlertsPromtoolTest {

  private static Path promtool;

  @BeforeAll
  static void findPromtool() {
    promtool =
        Stream.of(System.getenv("PATH").split(File.pathSeparator))
            .map(dir -> Path.of(dir, "promtool"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
  }

  @Test
  void rulesPassPromtoolCheck(@TempDir Path dir) throws Exception {
    assumeTrue(promtool != null, "promtool not on PATH (apt-get install prometheus)");
    Path rules = writeRules(dir, stack());
    String out = run(dir, "check", "rules", rules.toString());
    assertThat(out).contains("SUCCESS: 8 rules found");
  }

  @Test
  void eachExpressionFindsItsStackOnlyAmongTwo(@TempDir Path dir) throws Exception {
    assumeTrue(promtool != null, "promtool not on PATH (apt-get install prometheus)");
    var stack = stack();
    writeRules(dir, stack);
    Map<String, String> expr = new LinkedHashMap<>();
    for (var group : StackAlerts.groups(stack, true)) {
      for (Rule rule : group.getRules()) {
        expr.put(rule.getAlert(), rule.getExpr().getStrVal());
      }
    }
    String api = "namespace=\"supernova\",service=\"prod-api-metrics\"";
    String other = "namespace=\"supernova\",service=\"staging-api-metrics\"";
    String requests = "http_server_requests_seconds_count";
    List<Map<String, String>> series =
        List.of(
            // prod: half of the users' requests fail; readiness probes all fail
            series(requests, api + ",uri=\"/api/v1/sentiment\",status=\"200\"", "0+60x130"),
            series(requests, api + ",uri=\"/api/v1/sentiment\",status=\"500\"", "0+60x130"),
            series(requests, api + ",uri=\"/health/ready\",status=\"503\"", "0+6x130"),
            series("supernova_redis_degraded", api + ",pod=\"prod-api-blue-1\"", "1x130"),
            // staging, same namespace: everything fails, its readiness passes, it is scraped
            series(requests, other + ",uri=\"/api/v1/sentiment\",status=\"500\"", "0+600x130"),
            series(requests, other + ",uri=\"/health/ready\",status=\"200\"", "0+60x130"),
            series("supernova_redis_degraded", other + ",pod=\"staging-api-blue-1\"", "0x130"),
            series("up", other + ",pod=\"staging-api-blue-1\"", "1x130"),
            // the operator's series: both stacks' backups are old and their drills failed
            series(
                "supernova_backup_last_success_timestamp_seconds",
                "namespace=\"supernova\",name=\"prod\"",
                "0x130"),
            series(
                "supernova_backup_last_success_timestamp_seconds",
                "namespace=\"supernova\",name=\"staging\"",
                "0x130"),
            series("supernova_backup_verified", "namespace=\"supernova\",name=\"prod\"", "0x130"),
            series(
                "supernova_backup_verified", "namespace=\"supernova\",name=\"staging\"", "0x130"),
            // prod's WAL stopped reaching the store; staging's archives
            series("supernova_wal_archiving", "namespace=\"supernova\",name=\"prod\"", "0x130"),
            series("supernova_wal_archiving", "namespace=\"supernova\",name=\"staging\"", "1x130"));
    String ns = "{namespace=\"supernova\"}";
    String prod = "{name=\"prod\",namespace=\"supernova\"}";
    List<Map<String, Object>> tests = new ArrayList<>();
    // 5xx share of prod's own user requests: probes and staging left out
    tests.add(exprTest(expr.get(StackAlerts.API_ERRORS), ns, 0.5));
    tests.add(exprTest(expr.get(StackAlerts.DATABASE_DOWN), ns, 1));
    tests.add(exprTest(expr.get(StackAlerts.REDIS_DEGRADED), ns, 1));
    tests.add(
        exprTest(
            expr.get(StackAlerts.API_NOT_SCRAPED),
            "{namespace=\"supernova\",service=\"prod-api-metrics\"}",
            1));
    // evaluated at 2 h, a backup at time 0 of an every-5-minutes schedule is overdue
    tests.add(exprTest(expr.get(StackAlerts.BACKUP_OVERDUE), prod, 7200));
    tests.add(exprTest(expr.get(StackAlerts.DRILL_FAILED), prod, 0));
    tests.add(exprTest(expr.get(StackAlerts.WAL_ARCHIVING_FAILING), prod, 0));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("rule_files", List.of("rules.yml"));
    file.put("evaluation_interval", "1m");
    file.put(
        "tests",
        List.of(Map.of("interval", "1m", "input_series", series, "promql_expr_test", tests)));
    Path test = dir.resolve("test.yml");
    Files.writeString(test, Serialization.asYaml(file));
    String out = run(dir, "test", "rules", test.toString());
    assertThat(out).contains("SUCCESS");
  }

  @Test
  void theReplicatedDatabasesAlertsFindTheirStackOnly(@TempDir Path dir) throws Exception {
    assumeTrue(promtool != null, "promtool not on PATH (apt-get install prometheus)");
    var stack = Stacks.minimal();
    stack.getSpec().getDatabase().setInstances(3);
    Path rules = writeRules(dir, stack);
    // 5 of the API, 1 of the backups, 3 of the database
    assertThat(run(dir, "check", "rules", rules.toString())).contains("SUCCESS: 9 rules found");
    Map<String, String> expr = new LinkedHashMap<>();
    Map<String, Rule> byName = new LinkedHashMap<>();
    for (var group : StackAlerts.groups(stack, true)) {
      for (Rule rule : group.getRules()) {
        expr.put(rule.getAlert(), rule.getExpr().getStrVal());
        byName.put(rule.getAlert(), rule);
      }
    }
    String prod = "namespace=\"supernova\",name=\"prod\"";
    String staging = "namespace=\"supernova\",name=\"staging\"";
    String lag = "supernova_database_replica_lag_bytes";
    List<Map<String, String>> series =
        List.of(
            // prod: one replica 5 MB behind for the whole run, the other caught up; one of two
            // replicas replicating; a failover 10 minutes before the evaluation (at 2 h)
            series(lag, prod + ",instance=\"prod-db-1\"", "5000000x130"),
            series(lag, prod + ",instance=\"prod-db-2\"", "0x130"),
            series("supernova_database_replicas", prod, "1x130"),
            series("supernova_database_replicas_expected", prod, "2x130"),
            series("supernova_database_last_failover_timestamp_seconds", prod, "6600x130"),
            // staging, same namespace: far behind, no replica, a failover just now
            series(lag, staging + ",instance=\"staging-db-1\"", "900000000x130"),
            series("supernova_database_replicas", staging, "0x130"),
            series("supernova_database_replicas_expected", staging, "2x130"),
            series("supernova_database_last_failover_timestamp_seconds", staging, "7190x130"));
    List<Map<String, Object>> tests = new ArrayList<>();
    tests.add(
        exprTest(
            expr.get(StackAlerts.REPLICA_LAGGING),
            "{instance=\"prod-db-1\",name=\"prod\",namespace=\"supernova\"}",
            5_000_000));
    tests.add(
        exprTest(
            expr.get(StackAlerts.REPLICA_MISSING), "{name=\"prod\",namespace=\"supernova\"}", 1));
    tests.add(
        exprTest(expr.get(StackAlerts.FAILOVER), "{name=\"prod\",namespace=\"supernova\"}", 600));
    // The alerts themselves: lagging and missing only after their 5 minutes.
    Map<String, Object> alerts =
        Map.of(
            "eval_time",
            "2h",
            "alertname",
            StackAlerts.REPLICA_LAGGING,
            "exp_alerts",
            List.of(
                Map.of(
                    "exp_labels",
                    Map.of(
                        "severity",
                        "warning",
                        StackAlerts.STACK_LABEL,
                        "prod",
                        "namespace",
                        "supernova",
                        "name",
                        "prod",
                        "instance",
                        "prod-db-1"),
                    "exp_annotations",
                    Map.of(
                        "summary",
                        "Replica prod-db-1 of supernova/prod is 4.768MiB behind",
                        "description",
                        byName
                            .get(StackAlerts.REPLICA_LAGGING)
                            .getAnnotations()
                            .get("description")))));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("rule_files", List.of("rules.yml"));
    file.put("evaluation_interval", "1m");
    file.put(
        "tests",
        List.of(
            Map.of(
                "interval",
                "1m",
                "input_series",
                series,
                "promql_expr_test",
                tests,
                "alert_rule_test",
                List.of(alerts))));
    Path test = dir.resolve("test.yml");
    Files.writeString(test, Serialization.asYaml(file));
    assertThat(run(dir, "test", "rules", test.toString())).contains("SUCCESS");
  }

  @Test
  void theSentinelRedisAlertsFindTheirStackOnly(@TempDir Path dir) throws Exception {
    assumeTrue(promtool != null, "promtool not on PATH (apt-get install prometheus)");
    var stack = Stacks.minimal();
    stack.getSpec().getRedis().setMode(RedisMode.SENTINEL);
    Path rules = writeRules(dir, stack);
    // 5 of the API, 1 of the backups, 2 of Redis
    assertThat(run(dir, "check", "rules", rules.toString())).contains("SUCCESS: 8 rules found");
    Map<String, String> expr = new LinkedHashMap<>();
    Map<String, Rule> byName = new LinkedHashMap<>();
    for (var group : StackAlerts.groups(stack, true)) {
      for (Rule rule : group.getRules()) {
        expr.put(rule.getAlert(), rule.getExpr().getStrVal());
        byName.put(rule.getAlert(), rule);
      }
    }
    String prod = "namespace=\"supernova\",name=\"prod\"";
    String staging = "namespace=\"supernova\",name=\"staging\"";
    List<Map<String, String>> series =
        List.of(
            // prod: one of two replicas ready; its master moved 10 minutes before 2 h
            series("supernova_redis_replicas", prod, "1x130"),
            series("supernova_redis_replicas_expected", prod, "2x130"),
            series("supernova_redis_last_failover_timestamp_seconds", prod, "6600x130"),
            // staging, same namespace: no replica, a failover just now
            series("supernova_redis_replicas", staging, "0x130"),
            series("supernova_redis_replicas_expected", staging, "2x130"),
            series("supernova_redis_last_failover_timestamp_seconds", staging, "7190x130"));
    Map<String, Object> missing =
        Map.of(
            "eval_time",
            "2h",
            "alertname",
            StackAlerts.REDIS_REPLICA_MISSING,
            "exp_alerts",
            List.of(
                Map.of(
                    "exp_labels",
                    Map.of(
                        "severity",
                        "warning",
                        StackAlerts.STACK_LABEL,
                        "prod",
                        "namespace",
                        "supernova",
                        "name",
                        "prod"),
                    "exp_annotations",
                    Map.of(
                        "summary",
                        "Redis of supernova/prod has 1 ready replicas, fewer than it should",
                        "description",
                        byName
                            .get(StackAlerts.REDIS_REPLICA_MISSING)
                            .getAnnotations()
                            .get("description")))));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("rule_files", List.of("rules.yml"));
    file.put("evaluation_interval", "1m");
    file.put(
        "tests",
        List.of(
            Map.of(
                "interval",
                "1m",
                "input_series",
                series,
                "promql_expr_test",
                List.of(
                    exprTest(
                        expr.get(StackAlerts.REDIS_FAILOVER),
                        "{name=\"prod\",namespace=\"supernova\"}",
                        600)),
                "alert_rule_test",
                List.of(missing))));
    Path test = dir.resolve("test.yml");
    Files.writeString(test, Serialization.asYaml(file));
    assertThat(run(dir, "test", "rules", test.toString())).contains("SUCCESS");
  }

  @Test
  void standaloneRedisHasNoRedisAlerts() {
    assertThat(StackAlerts.groups(Stacks.minimal(), true))
        .noneMatch(g -> g.getName().endsWith("-redis"));
  }

  @Test
  void aSingleInstanceHasNoDatabaseAlerts() {
    assertThat(StackAlerts.groups(Stacks.minimal(), true))
        .noneMatch(g -> g.getName().endsWith("-database"));
  }

  private static SuperNovaStack stack() {
    var stack = Stacks.minimal();
    stack.getSpec().getBackup().setSchedule("*/5 * * * *");
    var verify = new BackupVerifySpec();
    verify.setSchedule("0 4 * * 0");
    stack.getSpec().getBackup().setVerify(verify);
    var store = new ObjectStoreSpec();
    store.setEndpoint("https://s3.example.com");
    store.setBucket("wal");
    stack.getSpec().getBackup().setObjectStore(store);
    return stack;
  }

  private static Path writeRules(Path dir, SuperNovaStack stack) throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules, Serialization.asYaml(Map.of("groups", StackAlerts.groups(stack, true))));
    return rules;
  }

  private static Map<String, String> series(String name, String labels, String values) {
    return Map.of("series", name + "{" + labels + "}", "values", values);
  }

  private static Map<String, Object> exprTest(String expr, String labels, double value) {
    return Map.of(
        "expr",
        expr,
        "eval_time",
        "2h",
        "exp_samples",
        List.of(Map.of("labels", labels, "value", value)));
  }

  private static String run(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
