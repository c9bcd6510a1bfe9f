-- A workspace's own AI provider (issue 5): its owner or an admin brings a key, and the
-- studio's generations for that workspace go to it instead of the server's provider,
-- without using the plan's AI credits. The key is sealed with ENCRYPTION_KEY, its
-- associated data naming this table, the column and the row ('workspace_ai_keys:api_key:<id>').
CREATE TABLE workspace_ai_keys (
    id            UUID PRIMARY KEY,
    workspace_id  UUID NOT NULL UNIQUE REFERENCES workspaces (id) ON DELETE CASCADE,
    provider      TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic', 'gemini')),
    api_key       TEXT NOT NULL,
    key_hint      TEXT NOT NULL,
    base_url      TEXT,
    strong_model  TEXT,
    fast_model    TEXT,
    updated_by    UUID,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
