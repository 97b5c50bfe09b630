package com.supernovaai.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadinessTest {

  @Test
  void everythingUpIsReady() {
    Readiness r = Readiness.of("up", "up");
    assertThat(r.httpStatus().getCode()).isEqualTo(200);
    assertThat(r.status()).isEqualTo("ready");
    assertThat(r.checks()).containsEntry("database", "up").containsEntry("redis", "up");
  }

  @Test
  void redisDownOrSlowStillServesDegraded() {
    for (String redis : new String[] {"down", "timeout"}) {
      Readiness r = Readiness.of("up", redis);
      assertThat(r.httpStatus().getCode()).as(redis).isEqualTo(200);
      assertThat(r.status()).isEqualTo("degraded");
      assertThat(r.checks()).containsEntry("redis", redis);
    }
  }

  @Test
  void databaseDownOrSlowIsNotReadyWhateverRedisSays() {
    for (String database : new String[] {"down", "timeout"}) {
      for (String redis : new String[] {"up", "down"}) {
        Readiness r = Readiness.of(database, redis);
        assertThat(r.httpStatus().getCode()).as(database + "/" + redis).isEqualTo(503);
        assertThat(r.status()).isEqualTo("not_ready");
        assertThat(r.checks()).containsEntry("database", database);
      }
    }
  }

  @Test
  void drainingIsNotReady() {
    assertThat(Readiness.draining().httpStatus().getCode()).isEqualTo(503);
    assertThat(Readiness.draining().status()).isEqualTo("draining");
  }
}
