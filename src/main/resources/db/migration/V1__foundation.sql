-- Herald foundation: identity, workspaces, brands, audit, idempotency and the event registry.
-- Every tenant-owned table carries workspace_id; queries of tenant data filter by it.

-- Spring Modulith's JDBC event publication registry (schema v2 for PostgreSQL)
CREATE TABLE event_publication (
    id                     UUID PRIMARY KEY,
    listener_id            TEXT NOT NULL,
    event_type             TEXT NOT NULL,
    serialized_event       TEXT NOT NULL,
    publication_date       TIMESTAMPTZ NOT NULL,
    completion_date        TIMESTAMPTZ,
    status                 TEXT,
    completion_attempts    INT,
    last_resubmission_date TIMESTAMPTZ
);
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);

-- identity ---------------------------------------------------------------------------------
CREATE TABLE users (
    id                    UUID PRIMARY KEY,
    email                 TEXT NOT NULL,
    password_hash         TEXT,
    name                  TEXT NOT NULL,
    avatar_url            TEXT,
    email_verified_at     TIMESTAMPTZ,
    totp_secret           TEXT,
    totp_pending_secret   TEXT,
    totp_enabled_at       TIMESTAMPTZ,
    totp_last_step        BIGINT,
    locale                TEXT NOT NULL DEFAULT 'en',
    timezone              TEXT NOT NULL DEFAULT 'UTC',
    last_login_at         TIMESTAMPTZ,
    failed_login_count    INT NOT NULL DEFAULT 0,
    locked_until          TIMESTAMPTZ,
    operator              BOOLEAN NOT NULL DEFAULT FALSE,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE user_identities (
    provider     TEXT NOT NULL,
    subject      TEXT NOT NULL,
    user_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email        TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX user_identities_user_idx ON user_identities (user_id);

-- a session is one signed-in device; its refresh tokens form one rotation family
CREATE TABLE sessions (
    id            UUID PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent    TEXT,
    ip            TEXT,
    remember_me   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ,
    revoked_reason TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE refresh_tokens (
    id           UUID PRIMARY KEY,
    session_id   UUID NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- single-use emailed tokens: email verification, password reset
CREATE TABLE one_time_tokens (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id, purpose);

CREATE TABLE recovery_codes (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id);

CREATE TABLE api_keys (
    id            UUID PRIMARY KEY,
    workspace_id  UUID NOT NULL,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    prefix        TEXT NOT NULL UNIQUE,
    secret_hash   TEXT NOT NULL,
    scopes        TEXT[] NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    expires_at    TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX api_keys_workspace_idx ON api_keys (workspace_id);

-- dev mailbox: mail that local mode could not send because no SMTP server is configured
CREATE TABLE dev_mailbox (
    id          UUID PRIMARY KEY,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    sent_at     TIMESTAMPTZ NOT NULL
);

-- workspace --------------------------------------------------------------------------------
CREATE TABLE workspaces (
    id                  UUID PRIMARY KEY,
    name                TEXT NOT NULL,
    slug                TEXT NOT NULL UNIQUE,
    owner_id            UUID NOT NULL REFERENCES users (id),
    plan                TEXT NOT NULL DEFAULT 'FREE',
    default_timezone    TEXT NOT NULL DEFAULT 'UTC',
    approval_required   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    workspace_id  UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    invited_by    UUID,
    joined_at     TIMESTAMPTZ NOT NULL,
    selected_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id, selected_at DESC);

CREATE TABLE invitations (
    id            UUID PRIMARY KEY,
    workspace_id  UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email         TEXT NOT NULL,
    role          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    invited_by    UUID NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    accepted_at   TIMESTAMPTZ,
    accepted_by   UUID,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX invitations_workspace_idx ON invitations (workspace_id);

CREATE TABLE brands (
    id                UUID PRIMARY KEY,
    workspace_id      UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    description       TEXT,
    industry          TEXT,
    target_audience   TEXT,
    tone_of_voice     TEXT,
    goals             JSONB NOT NULL DEFAULT '{}'::jsonb,
    logo_url          TEXT,
    default_hashtags  TEXT[] NOT NULL DEFAULT '{}',
    signature         TEXT,
    created_by        UUID,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX brands_workspace_idx ON brands (workspace_id, id);

-- audit ------------------------------------------------------------------------------------
CREATE TABLE audit_log (
    id             UUID PRIMARY KEY,
    workspace_id   UUID,
    actor_id       UUID,
    action         TEXT NOT NULL,
    resource_type  TEXT NOT NULL,
    resource_id    TEXT,
    details        JSONB NOT NULL DEFAULT '{}'::jsonb,
    ip             TEXT,
    user_agent     TEXT,
    at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_log_workspace_idx ON audit_log (workspace_id, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC);

-- API idempotency --------------------------------------------------------------------------
CREATE TABLE idempotency_records (
    scope          TEXT NOT NULL,
    idem_key       TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    status         INT,
    content_type   TEXT,
    body           BYTEA,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_records_created_idx ON idempotency_records (created_at);
