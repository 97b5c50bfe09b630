package com.supernovaai.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RevokedFamiliesTest {

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovingClock clock = new MovingClock();
  private final RevokedFamilies revoked = new RevokedFamilies(Duration.ofMinutes(15), clock);
  private final UUID a = UUID.randomUUID();
  private final UUID b = UUID.randomUUID();

  @Test
  void aFamilyIsListedUntilItsLastAccessTokenHasExpired() {
    revoked.add(a, clock.now);
    assertThat(revoked.isRevoked(a)).isTrue();
    assertThat(revoked.isRevoked(b)).isFalse();
    clock.now = clock.now.plus(Duration.ofMinutes(15)).minusSeconds(1);
    assertThat(revoked.isRevoked(a)).isTrue();
    clock.now = clock.now.plusSeconds(1);
    assertThat(revoked.isRevoked(a)).isFalse();
  }

  @Test
  void mergingTheStoreKeepsLocalRevocationsItHasNotSeenYetAndForgetsOldOnes() {
    Instant start = clock.now;
    revoked.add(a, start);
    clock.now = start.plus(Duration.ofMinutes(10));
    // A read that began before this replica's own revocation was written does not drop it.
    revoked.merge(Map.of(b, clock.now));
    assertThat(revoked.isRevoked(a)).isTrue();
    assertThat(revoked.isRevoked(b)).isTrue();
    assertThat(revoked.relevantSince()).isEqualTo(clock.now.minus(Duration.ofMinutes(15)));

    clock.now = start.plus(Duration.ofMinutes(20));
    revoked.merge(Map.of());
    assertThat(revoked.isRevoked(a)).isFalse();
    assertThat(revoked.isRevoked(b)).isTrue();
    assertThat(revoked.size()).isEqualTo(1);
  }
}
