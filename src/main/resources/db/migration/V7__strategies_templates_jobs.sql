-- The AI studio, continued (issue 5): strategies, content templates and background jobs.

-- A brand's strategy, versioned: every save is a new version, and at most one version of a
-- brand is active (the one batch content follows). The plan itself (platforms and why,
-- pillars, frequency, voice, KPIs, audience insights) is a JSON document.
CREATE TABLE strategies (
    id             UUID PRIMARY KEY,
    workspace_id   UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id       UUID NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    active         BOOLEAN NOT NULL DEFAULT FALSE,
    goals          TEXT,
    plan           JSONB NOT NULL,
    generation_id  UUID,
    created_by     UUID,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (brand_id, version)
);
CREATE UNIQUE INDEX strategies_one_active_idx ON strategies (brand_id) WHERE active;

-- A brand's reusable post: text with {variables} that a user or the AI fills.
CREATE TABLE content_templates (
    id             UUID PRIMARY KEY,
    workspace_id   UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id       UUID NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    category       TEXT,
    body           TEXT NOT NULL,
    created_by     UUID,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX content_templates_brand_idx ON content_templates (brand_id, name);

-- Long generations (a batch of drafts) run as jobs; the request, the progress and what was
-- made are kept here, so that a job interrupted by a restart resumes where it stopped.
CREATE TABLE ai_jobs (
    id             UUID PRIMARY KEY,
    workspace_id   UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id       UUID NOT NULL,
    user_id        UUID NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    request        JSONB NOT NULL,
    total          INTEGER NOT NULL,
    done           INTEGER NOT NULL DEFAULT 0,
    failed         INTEGER NOT NULL DEFAULT 0,
    items          JSONB NOT NULL DEFAULT '[]',
    error          TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX ai_jobs_workspace_idx ON ai_jobs (workspace_id, created_at DESC);
