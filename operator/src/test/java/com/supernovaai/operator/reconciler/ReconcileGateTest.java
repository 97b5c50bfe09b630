package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconcileGateTest {

  @Test
  void closeWaitsForTheReconciliationInFlightAndTurnsNewOnesAway() throws Exception {
    ReconcileGate gate = new ReconcileGate();
    assertThat(gate.enter()).isTrue();

    CompletableFuture<Boolean> closing =
        CompletableFuture.supplyAsync(() -> gate.close(Duration.ofSeconds(10)));
    await(gate::isClosed);
    assertThat(gate.enter()).as("a new reconciliation while stopping").isFalse();
    assertThat(closing).as("still waiting for the one in flight").isNotDone();

    gate.exit();
    assertThat(closing.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(gate.enter()).as("after stop").isFalse();
  }

  @Test
  void closeGivesUpAfterItsTimeoutWhenAReconciliationHangs() throws Exception {
    ReconcileGate gate = new ReconcileGate();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread hanging =
        new Thread(
            () -> {
              gate.enter();
              entered.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                gate.exit();
              }
            });
    hanging.start();
    entered.await();

    assertThat(gate.close(Duration.ofMillis(100))).isFalse();
    assertThat(gate.enter()).isFalse();
    release.countDown();
    hanging.join();
  }

  @Test
  void anOpenGateLetsReconciliationsRunSideBySide() {
    ReconcileGate gate = new ReconcileGate();
    assertThat(gate.enter()).isTrue();
    assertThat(gate.enter()).isTrue();
    gate.exit();
    gate.exit();
    assertThat(gate.close(Duration.ofSeconds(1))).isTrue();
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
