-- Refresh-token families, one per login (expand step: a new table; the release before ignores it).
-- Each refresh rotates the family to a new token; only a SHA-256 of the current token's id (jti) is
-- kept, never a token. A signed token of the family whose id is not the current one was already
-- used: presenting it revokes the family (reuse detection). expires_at is the family's absolute
-- lifetime; rows past it are deleted by the server.
CREATE TABLE IF NOT EXISTS refresh_token_families (
    id             UUID        PRIMARY KEY,
    user_id        BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    current_hash   BYTEA       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    rotated_at     TIMESTAMPTZ,
    expires_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT
);

CREATE INDEX IF NOT EXISTS refresh_token_families_expires_idx
    ON refresh_token_families (expires_at);

-- Deleting a user deletes its families.
CREATE INDEX IF NOT EXISTS refresh_token_families_user_idx ON refresh_token_families (user_id);

-- The replicas' deny list reads the recent revocations every few seconds.
CREATE INDEX IF NOT EXISTS refresh_token_families_revoked_idx
    ON refresh_token_families (revoked_at) WHERE revoked_at IS NOT NULL;
