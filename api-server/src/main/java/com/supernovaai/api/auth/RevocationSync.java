package com.supernovaai.api.auth;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this replica's {@link RevokedFamilies} up to date with the revocations of every replica
 * (PostgreSQL is the shared truth), and deletes families past their absolute lifetime.
 */
@Singleton
public class RevocationSync {

  /** How late another replica's logout can reach this one. */
  public static final String INTERVAL = "5s";

  /** Kept a little past their end so a refresh in flight at the end sees "expired", not unknown. */
  private static final Duration CLEANUP_GRACE = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(RevocationSync.class);

  private final RefreshTokenStore store;
  private final RevokedFamilies revoked;
  private final Clock clock = Clock.systemUTC();
  private volatile boolean failing;

  public RevocationSync(RefreshTokenStore store, RevokedFamilies revoked) {
    this.store = store;
    this.revoked = revoked;
  }

  /** Reads the recent revocations; a database outage keeps the list as it was. */
  @Scheduled(fixedDelay = INTERVAL, initialDelay = INTERVAL)
  public void sync() {
    try {
      revoked.merge(store.revokedSince(revoked.relevantSince()));
      if (failing) {
        LOG.info("revoked token families: read again ({} listed)", revoked.size());
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn(
            "revoked token families: cannot read them, keeping the last list: {}",
            e.getClass().getSimpleName());
        failing = true;
      }
    }
  }

  @Scheduled(fixedDelay = "1h", initialDelay = "1m")
  public void deleteExpired() {
    try {
      int deleted = store.deleteExpired(clock.instant().minus(CLEANUP_GRACE));
      if (deleted > 0) {
        LOG.info("deleted {} expired refresh-token families", deleted);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "expired refresh-token families not deleted, next try in an hour: {}",
          e.getClass().getSimpleName());
    }
  }
}
