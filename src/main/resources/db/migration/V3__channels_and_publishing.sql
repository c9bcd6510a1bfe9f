-- Channels, posts and the publishing engine (issue 3).

-- channel --------------------------------------------------------------------------------
-- A connected social account of a brand. Tokens are Tink AEAD ciphertexts whose associated
-- data is "channels:<column>:<id>", so a ciphertext copied to another row or column does
-- not decrypt. A disconnected channel keeps its row (its published posts still point to it)
-- but loses its tokens.
CREATE TABLE channels (
    id                UUID PRIMARY KEY,
    workspace_id      UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id          UUID NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    platform          TEXT NOT NULL,
    endpoint          TEXT NOT NULL,
    account_id        TEXT NOT NULL,
    username          TEXT NOT NULL,
    display_name      TEXT,
    avatar_url        TEXT,
    access_token      TEXT,
    refresh_token     TEXT,
    token_expires_at  TIMESTAMPTZ,
    scopes            TEXT,
    status            TEXT NOT NULL,
    status_reason     TEXT,
    followers_count   BIGINT,
    following_count   BIGINT,
    media_count       BIGINT,
    last_sync_at      TIMESTAMPTZ,
    sync_error        TEXT,
    slot_timezone     TEXT NOT NULL DEFAULT 'UTC',
    connected_by      UUID,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX channels_brand_idx ON channels (workspace_id, brand_id, id);
-- one live channel per account and brand: connecting it again is a reconnect
CREATE UNIQUE INDEX channels_account_idx ON channels (brand_id, platform, endpoint, account_id)
    WHERE status <> 'DISCONNECTED';
CREATE INDEX channels_refresh_idx ON channels (token_expires_at) WHERE status = 'ACTIVE';

-- Recurring posting times of a channel ("queue"), as local times in the channel's slot_timezone.
CREATE TABLE posting_slots (
    channel_id   UUID NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    day_of_week  SMALLINT NOT NULL CHECK (day_of_week BETWEEN 1 AND 7),
    time_of_day  TIME NOT NULL,
    PRIMARY KEY (channel_id, day_of_week, time_of_day)
);

-- A Mastodon instance's app registration (POST /api/v1/apps), made once per instance and
-- redirect URI and reused by every account of that instance.
-- The client secret is sealed like a token, with "mastodon_apps:client_secret:<id>".
CREATE TABLE mastodon_apps (
    id             UUID PRIMARY KEY,
    instance       TEXT NOT NULL,
    redirect_uri   TEXT NOT NULL,
    client_id      TEXT NOT NULL,
    client_secret  TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (instance, redirect_uri)
);

-- OAuth connects in flight, from the redirect to the platform until its callback (single
-- use) or expiry; the state is kept as its SHA-256 digest.
CREATE TABLE channel_connect_states (
    state_hash     TEXT PRIMARY KEY,
    workspace_id   UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id       UUID NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    user_id        UUID NOT NULL,
    platform       TEXT NOT NULL,
    endpoint       TEXT NOT NULL,
    code_verifier  TEXT NOT NULL,
    channel_id     UUID,
    flow           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX channel_connect_states_expiry_idx ON channel_connect_states (expires_at);

-- publishing -----------------------------------------------------------------------------
CREATE TABLE posts (
    id              UUID PRIMARY KEY,
    workspace_id    UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id        UUID NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    author_id       UUID NOT NULL,
    text            TEXT NOT NULL,
    thread          TEXT[] NOT NULL DEFAULT '{}',
    first_comment   TEXT,
    hashtags        TEXT[] NOT NULL DEFAULT '{}',
    tags            TEXT[] NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL,
    scheduled_at    TIMESTAMPTZ,
    timezone        TEXT NOT NULL,
    ai_generated    BOOLEAN NOT NULL DEFAULT FALSE,
    ai_prompt       TEXT,
    ai_model        TEXT,
    submitted_at    TIMESTAMPTZ,
    reviewed_by     UUID,
    reviewed_at     TIMESTAMPTZ,
    review_comment  TEXT,
    published_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX posts_list_idx ON posts (workspace_id, id);
CREATE INDEX posts_calendar_idx ON posts (workspace_id, scheduled_at);

-- One post on one channel. The dispatcher claims a target by moving it to PUBLISHING with a
-- lease; a lease that ran out means the instance holding it died mid-publish, and the
-- target is reconciled before anything is sent again. `state` holds what each publishing
-- step handed back (record keys, ids of posted parts), saved before the next step.
CREATE TABLE post_targets (
    id                UUID PRIMARY KEY,
    post_id           UUID NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    workspace_id      UUID NOT NULL,
    channel_id        UUID NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    platform          TEXT NOT NULL,
    text_override     TEXT,
    thread_override   TEXT[],
    status            TEXT NOT NULL,
    due_at            TIMESTAMPTZ,
    attempts          INT NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ,
    lease_until       TIMESTAMPTZ,
    leased_by         TEXT,
    reconcile_first   BOOLEAN NOT NULL DEFAULT FALSE,
    state             JSONB NOT NULL DEFAULT '{}'::jsonb,
    platform_post_id  TEXT,
    platform_url      TEXT,
    error_class       TEXT,
    error_message     TEXT,
    published_at      TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (post_id, channel_id)
);
CREATE INDEX post_targets_channel_idx ON post_targets (channel_id, status);
CREATE INDEX post_targets_lease_idx ON post_targets (lease_until) WHERE status = 'PUBLISHING';
CREATE INDEX post_targets_unconfirmed_idx ON post_targets (next_attempt_at) WHERE status = 'UNCONFIRMED';

-- notification ---------------------------------------------------------------------------
CREATE TABLE notifications (
    id            UUID PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_id  UUID REFERENCES workspaces (id) ON DELETE CASCADE,
    type          TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    link          TEXT,
    read_at       TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);

-- jobs (db-scheduler's table, as its documentation gives it for PostgreSQL) ----------------
CREATE TABLE scheduled_tasks (
    task_name             TEXT NOT NULL,
    task_instance         TEXT NOT NULL,
    task_data             BYTEA,
    execution_time        TIMESTAMPTZ NOT NULL,
    picked                BOOLEAN NOT NULL,
    picked_by             TEXT,
    last_success          TIMESTAMPTZ,
    last_failure          TIMESTAMPTZ,
    consecutive_failures  INT,
    last_heartbeat        TIMESTAMPTZ,
    version               BIGINT NOT NULL,
    priority              SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_idx ON scheduled_tasks (priority DESC, execution_time ASC);
