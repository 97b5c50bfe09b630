-- Market sentiment time series. The primary key holds the time column so the table can become a
-- TimescaleDB hypertable (V2) without changing its keys.
CREATE TABLE IF NOT EXISTS sentiment_data (
    time            TIMESTAMPTZ      NOT NULL,
    symbol          TEXT             NOT NULL,
    overall_score   DOUBLE PRECISION NOT NULL CHECK (overall_score >= -1 AND overall_score <= 1),
    confidence      DOUBLE PRECISION NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    social_momentum DOUBLE PRECISION,
    news_sentiment  DOUBLE PRECISION,
    source_counts   JSONB,
    created_at      TIMESTAMPTZ      DEFAULT now(),
    PRIMARY KEY (time, symbol)
);

-- "Points of one symbol, newest first" and the hourly roll-up both scan by symbol and time.
CREATE INDEX IF NOT EXISTS sentiment_data_symbol_time_idx ON sentiment_data (symbol, time DESC);

CREATE TABLE IF NOT EXISTS users (
    id            BIGSERIAL   PRIMARY KEY,
    username      TEXT        NOT NULL UNIQUE,
    password_hash TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
