package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InformerStartsTest {

  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void aSecondInformerStartsOnlyOnceTheFirstHasListed() throws Exception {
    var starts = new InformerStarts();
    var firstMayFinish = listingUntilReleased(starts);
    var secondStarted = new CountDownLatch(1);

    Future<?> second = threads.submit(() -> starts.oneAtATime(secondStarted::countDown));

    assertThatThrownBy(() -> second.get(200, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(secondStarted.getCount()).isOne();

    firstMayFinish.countDown();
    second.get(10, TimeUnit.SECONDS);
    assertThat(secondStarted.getCount()).isZero();
  }

  @Test
  void aStartThatFailsLetsTheNextOneGo() {
    var starts = new InformerStarts();
    var started = new AtomicInteger();

    assertThatThrownBy(
            () ->
                starts.oneAtATime(
                    () -> {
                      throw new IllegalStateException("list forbidden");
                    }))
        .hasMessage("list forbidden");
    starts.oneAtATime(started::incrementAndGet);

    assertThat(started).hasValue(1);
  }

  @Test
  void twoOperatorsStartTheirInformersIndependently() throws Exception {
    var mine = new InformerStarts();
    var another = new InformerStarts();
    var mineMayFinish = listingUntilReleased(mine);

    var otherStarted = new AtomicInteger();
    threads
        .submit(() -> another.oneAtATime(otherStarted::incrementAndGet))
        .get(10, TimeUnit.SECONDS);

    assertThat(otherStarted).hasValue(1);
    mineMayFinish.countDown();
  }

  /** Starts an informer of {@code starts} that lists until the returned latch is released. */
  private CountDownLatch listingUntilReleased(InformerStarts starts) throws InterruptedException {
    var listing = new CountDownLatch(1);
    var mayFinish = new CountDownLatch(1);
    threads.submit(
        () ->
            starts.oneAtATime(
                () -> {
                  listing.countDown();
                  await(mayFinish);
                }));
    assertThat(listing.await(10, TimeUnit.SECONDS)).isTrue();
    return mayFinish;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
