package com.supernovaai.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.ManualClock;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When failing informers make the operator not live, and what it says then. */
class InformerLivenessTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final List<InformerLiveness.Failing> failing = new ArrayList<>();
  private final List<InformerLiveness.Failing> diagnosed = new ArrayList<>();
  private final InformerLiveness liveness =
      new InformerLiveness(
          Duration.ofSeconds(60),
          clock,
          () -> List.copyOf(failing),
          f -> {
            diagnosed.add(f);
            return "cannot watch " + f.resource() + " in namespace " + f.namespace();
          });

  @Test
  void failingInformersAreToleratedForTheGracePeriodThenTheOperatorIsNotLiveSayingWhy() {
    assertThat(liveness.live()).isTrue();

    failing.add(new InformerLiveness.Failing(ConfigMap.class, "shop"));
    failing.add(new InformerLiveness.Failing(SuperNovaStack.class, "shop"));
    failing.add(new InformerLiveness.Failing(Deployment.class, "shop"));
    assertThat(liveness.live()).as("just failed").isTrue();
    advance(59);
    assertThat(liveness.live()).as("within the grace period").isTrue();
    assertThat(diagnosed).as("nothing asked of the API server while live").isEmpty();

    advance(1);
    assertThat(liveness.live()).isFalse();
    assertThat(liveness.cause())
        .isEqualTo(
            "cannot watch supernovastacks.ops.supernova-ai.com in namespace shop (and 2 more"
                + " informers are failing)");
    advance(10);
    assertThat(liveness.live()).isFalse();
    assertThat(diagnosed).as("diagnosed once, not at every probe").hasSize(1);
  }

  @Test
  void recoveringStartsTheGracePeriodAfresh() {
    failing.add(new InformerLiveness.Failing(ConfigMap.class, null));
    liveness.live();
    advance(61);
    assertThat(liveness.live()).isFalse();

    failing.clear();
    assertThat(liveness.live()).isTrue();
    assertThat(liveness.cause()).isNull();

    failing.add(new InformerLiveness.Failing(ConfigMap.class, null));
    assertThat(liveness.live()).isTrue();
    advance(30);
    assertThat(liveness.live()).as("a new episode has its own grace period").isTrue();
  }

  @Test
  void theGracePeriodOfAStartCountsFromTheStartNotFromTheFirstProbe() {
    liveness.failingSince(clock.instant());
    advance(60);
    failing.add(new InformerLiveness.Failing(SuperNovaStack.class, "shop"));

    assertThat(liveness.live()).isFalse();
    assertThat(liveness.cause())
        .isEqualTo("cannot watch supernovastacks.ops.supernova-ai.com in namespace shop");
  }

  private void advance(int seconds) {
    clock.advance(Duration.ofSeconds(seconds));
  }
}
