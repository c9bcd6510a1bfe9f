-- The AI studio (issue 5): every generation, the response cache, and AI credits used.

-- One call of a generative model (or an answer from the cache), for cost and audit:
-- what was asked (kind, prompt version and hash), of whom (provider, model), what it cost
-- (tokens, USD from the configured price table), how long it took, and how it ended.
CREATE TABLE ai_generations (
    id              UUID PRIMARY KEY,
    workspace_id    UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id         UUID,
    brand_id        UUID,
    kind            TEXT NOT NULL,
    provider        TEXT NOT NULL,
    model           TEXT NOT NULL,
    prompt_version  TEXT NOT NULL,
    prompt_hash     TEXT NOT NULL,
    input           JSONB NOT NULL,
    output          TEXT,
    tokens_in       INTEGER NOT NULL DEFAULT 0,
    tokens_out      INTEGER NOT NULL DEFAULT 0,
    cost_usd        NUMERIC(14, 8) NOT NULL DEFAULT 0,
    latency_ms      BIGINT NOT NULL,
    cache_hit       BOOLEAN NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 1,
    status          TEXT NOT NULL,
    error           TEXT,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX ai_generations_workspace_idx ON ai_generations (workspace_id, created_at DESC);

-- Answers kept for 24 hours, keyed by a hash of provider, model, prompt and parameters.
CREATE TABLE ai_cache (
    key          TEXT PRIMARY KEY,
    output       TEXT NOT NULL,
    tokens_in    INTEGER NOT NULL,
    tokens_out   INTEGER NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX ai_cache_expiry_idx ON ai_cache (expires_at);

-- AI credits a workspace used in a month (the first day of the month, UTC).
CREATE TABLE ai_credit_usage (
    workspace_id  UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    period        DATE NOT NULL,
    used          INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, period)
);
