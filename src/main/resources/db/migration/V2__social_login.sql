-- Social login (Google, GitHub): the authorization requests in flight. A row lives from the
-- redirect to the provider until its callback (single use: the callback deletes it) or its
-- expiry. The state is stored as its SHA-256 digest; the PKCE verifier and the OIDC nonce
-- are only useful together with the provider's code, and only for ten minutes.
CREATE TABLE social_login_states (
    state_hash     TEXT PRIMARY KEY,
    provider       TEXT NOT NULL,
    flow           TEXT NOT NULL,
    code_verifier  TEXT NOT NULL,
    nonce          TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX social_login_states_expiry_idx ON social_login_states (expires_at);
