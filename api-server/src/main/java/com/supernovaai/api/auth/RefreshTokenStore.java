package com.supernovaai.api.auth;

import com.supernovaai.api.database.Transactions;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The refresh_token_families table (V4): shared by every replica and kept across restarts, so a
 * rotation, a logout or a reuse seen by one replica holds for all.
 */
@Singleton
public class RefreshTokenStore {

  /** The outcome of presenting a token, and the family as it was before the change. */
  public record Rotation(RefreshRotation.Outcome outcome, RefreshRotation.Family family) {}

  private final Transactions tx;

  public RefreshTokenStore(Transactions tx) {
    this.tx = tx;
  }

  public void create(UUID family, long userId, byte[] currentHash, Instant expiresAt) {
    tx.write(
        connection -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO refresh_token_families (id, user_id, current_hash, expires_at)"
                      + " VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, family);
            ps.setLong(2, userId);
            ps.setBytes(3, currentHash);
            ps.setObject(4, utc(expiresAt));
            return ps.executeUpdate();
          }
        });
  }

  /**
   * Decides and applies, in one transaction holding the family's row lock, what presenting a token
   * does: two replicas refreshing the same token at once cannot both rotate.
   */
  public Rotation rotate(UUID family, byte[] presentedHash, byte[] nextHash, Instant now) {
    return tx.write(
        c -> {
          Optional<RefreshRotation.Family> stored = lock(c, family);
          RefreshRotation.Outcome outcome = RefreshRotation.decide(stored, presentedHash, now);
          switch (outcome) {
            case ROTATE -> moveOn(c, family, nextHash, now);
            case REUSE -> revoke(c, family, "reuse", now);
            default -> {}
          }
          return new Rotation(outcome, stored.orElse(null));
        });
  }

  /** Revokes a family of the user; false when it was already revoked or is unknown. */
  public boolean revoke(UUID family, long userId, String reason, Instant now) {
    return tx.write(
        connection -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "UPDATE refresh_token_families SET revoked_at = ?, revoked_reason = ?"
                      + " WHERE id = ? AND user_id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, utc(now));
            ps.setString(2, reason);
            ps.setObject(3, family);
            ps.setLong(4, userId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Families revoked at or after {@code since}, with when. */
  public Map<UUID, Instant> revokedSince(Instant since) {
    return tx.read(
        connection -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT id, revoked_at FROM refresh_token_families WHERE revoked_at >= ?")) {
            ps.setObject(1, utc(since));
            Map<UUID, Instant> revoked = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                revoked.put(
                    rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant());
              }
            }
            return revoked;
          }
        });
  }

  /** Deletes the families whose absolute lifetime ended before {@code before}; how many. */
  public int deleteExpired(Instant before) {
    return tx.write(
        connection -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "DELETE FROM refresh_token_families WHERE expires_at < ?")) {
            ps.setObject(1, utc(before));
            return ps.executeUpdate();
          }
        });
  }

  private static Optional<RefreshRotation.Family> lock(Connection c, UUID family)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT user_id, current_hash, expires_at, revoked_at FROM refresh_token_families"
                + " WHERE id = ? FOR UPDATE")) {
      ps.setObject(1, family);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        OffsetDateTime revokedAt = rs.getObject(4, OffsetDateTime.class);
        return Optional.of(
            new RefreshRotation.Family(
                rs.getLong(1),
                rs.getBytes(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                revokedAt == null ? null : revokedAt.toInstant()));
      }
    }
  }

  private static void revoke(Connection c, UUID family, String reason, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE refresh_token_families SET revoked_at = ?, revoked_reason = ? WHERE id = ?")) {
      ps.setObject(1, utc(now));
      ps.setString(2, reason);
      ps.setObject(3, family);
      ps.executeUpdate();
    }
  }

  private static void moveOn(Connection c, UUID family, byte[] nextHash, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE refresh_token_families SET current_hash = ?, rotated_at = ? WHERE id = ?")) {
      ps.setBytes(1, nextHash);
      ps.setObject(2, utc(now));
      ps.setObject(3, family);
      ps.executeUpdate();
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
