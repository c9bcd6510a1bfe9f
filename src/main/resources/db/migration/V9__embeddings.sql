-- Offline AI (issue 5): what published posts did (analytics) and what they are about (the
-- studio's embeddings). docs/offline-ai.md says why vectors are arrays here.

-- publishing -----------------------------------------------------------------------------
-- What was published, newest first, for PublishedPosts (analytics and the studio read it
-- through publishing's API).
CREATE INDEX post_targets_published_idx ON post_targets (workspace_id, published_at DESC)
    WHERE status = 'PUBLISHED';

-- analytics ------------------------------------------------------------------------------
-- A deleted post takes its counts and its vector with it.
-- The latest counts of each published target, as its platform reported them at fetched_at
-- (a sync overwrites them). A count the platform does not keep is NULL, never 0.
-- engagement: interactions of any kind, likes + reposts + replies + quotes (Mastodon and
-- Bluesky report no views, so no rate can be computed for them).
CREATE TABLE post_metrics (
    target_id     UUID PRIMARY KEY REFERENCES post_targets (id) ON DELETE CASCADE,
    post_id       UUID NOT NULL,
    channel_id    UUID NOT NULL,
    workspace_id  UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    likes         BIGINT NOT NULL,
    reposts       BIGINT NOT NULL,
    replies       BIGINT NOT NULL,
    quotes        BIGINT,
    views         BIGINT,
    engagement    BIGINT GENERATED ALWAYS AS (likes + reposts + replies + coalesce(quotes, 0)) STORED,
    fetched_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX post_metrics_channel_idx ON post_metrics (workspace_id, channel_id);

-- studio ---------------------------------------------------------------------------------
-- The embedding of each published target's text (all-MiniLM-L6-v2, 384 dimensions, unit
-- length), scored in Java by cosine over a brand's vectors. text_hash and model tell
-- whether a vector is still that of the text and the model in use. hashtags (the post's
-- own and those in its text) and published_at are kept with it, so that a query over a
-- brand's history reads this table alone.
-- vector (real[]) is the vector of record: readable in SQL, and cast as it is to pgvector's
-- vector(384) the day the extension is there. packed holds the same 384 floats
-- (little-endian IEEE 754), which is what queries read: sending a real[] costs the server a
-- call per element (0.5 s for 20,000 vectors on the 2-core machine), bytea nothing
-- (9 ms). docs/offline-ai.md.
CREATE TABLE post_embeddings (
    target_id     UUID PRIMARY KEY REFERENCES post_targets (id) ON DELETE CASCADE,
    workspace_id  UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id      UUID NOT NULL,
    channel_id    UUID NOT NULL,
    post_id       UUID NOT NULL,
    published_at  TIMESTAMPTZ NOT NULL,
    hashtags      TEXT[] NOT NULL,
    text_hash     TEXT NOT NULL,
    model         TEXT NOT NULL,
    vector        REAL[] NOT NULL,
    packed        BYTEA NOT NULL CHECK (length(packed) = 4 * cardinality(vector)),
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX post_embeddings_brand_idx ON post_embeddings (workspace_id, brand_id, published_at DESC, target_id DESC);
