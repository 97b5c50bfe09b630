package com.supernovaai.api.auth;

import static com.supernovaai.api.auth.RefreshRotation.Outcome.EXPIRED;
import static com.supernovaai.api.auth.RefreshRotation.Outcome.REUSE;
import static com.supernovaai.api.auth.RefreshRotation.Outcome.REVOKED;
import static com.supernovaai.api.auth.RefreshRotation.Outcome.ROTATE;
import static com.supernovaai.api.auth.RefreshRotation.Outcome.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefreshRotationTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final byte[] CURRENT = RefreshSessions.hash("current-id");
  private static final byte[] EARLIER = RefreshSessions.hash("earlier-id");

  private static Optional<RefreshRotation.Family> family(Instant expiresAt, Instant revokedAt) {
    return Optional.of(new RefreshRotation.Family(7, CURRENT, expiresAt, revokedAt));
  }

  @Test
  void theCurrentTokenRotatesAndAnyEarlierOneIsReuse() {
    Optional<RefreshRotation.Family> live = family(NOW.plus(Duration.ofDays(1)), null);
    assertThat(RefreshRotation.decide(live, CURRENT, NOW)).isEqualTo(ROTATE);
    assertThat(RefreshRotation.decide(live, EARLIER, NOW)).isEqualTo(REUSE);
  }

  @Test
  void aRevokedFamilyRefusesEvenItsCurrentTokenWithoutCountingItAsReuse() {
    Optional<RefreshRotation.Family> revoked =
        family(NOW.plus(Duration.ofDays(1)), NOW.minusSeconds(1));
    assertThat(RefreshRotation.decide(revoked, CURRENT, NOW)).isEqualTo(REVOKED);
    assertThat(RefreshRotation.decide(revoked, EARLIER, NOW)).isEqualTo(REVOKED);
  }

  @Test
  void theFamilyEndsAtItsAbsoluteLifetime() {
    Instant end = NOW.plus(Duration.ofDays(30));
    Optional<RefreshRotation.Family> live = family(end, null);
    assertThat(RefreshRotation.decide(live, CURRENT, end.minusMillis(1))).isEqualTo(ROTATE);
    assertThat(RefreshRotation.decide(live, CURRENT, end)).isEqualTo(EXPIRED);
    assertThat(RefreshRotation.decide(live, EARLIER, end.plusSeconds(60))).isEqualTo(EXPIRED);
  }

  @Test
  void anUnknownFamilyIsRefused() {
    assertThat(RefreshRotation.decide(Optional.empty(), CURRENT, NOW)).isEqualTo(UNKNOWN);
  }
}
