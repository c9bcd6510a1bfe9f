-- The media library (issue 4).

-- One file of a workspace's library: an upload, or a variant Herald made of one (source_id
-- and variant set). The file itself is in the storage backend under storage_key
-- (workspaces/{workspace}/uploads|generated/...); its WebP thumbnail and larger preview
-- under thumbnail_key and preview_key (workspaces/{workspace}/thumbnails/...). mime_type is
-- sniffed from the content, never taken from the name. status: PROCESSING until the
-- thumbnail (and, for a variant, the file) is made, then READY, or FAILED with
-- processing_error.
CREATE TABLE media (
    id                UUID PRIMARY KEY,
    workspace_id      UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id          UUID REFERENCES brands (id) ON DELETE SET NULL,
    uploaded_by       UUID,
    source_id         UUID REFERENCES media (id) ON DELETE CASCADE,
    variant           TEXT,
    storage_key       TEXT NOT NULL,
    original_name     TEXT NOT NULL,
    mime_type         TEXT NOT NULL,
    kind              TEXT NOT NULL,
    bytes             BIGINT NOT NULL,
    width             INTEGER,
    height            INTEGER,
    duration_ms       BIGINT,
    video_codec       TEXT,
    audio_codec       TEXT,
    checksum          TEXT NOT NULL,
    thumbnail_key     TEXT,
    preview_key       TEXT,
    alt_text          TEXT,
    tags              TEXT[] NOT NULL DEFAULT '{}',
    status            TEXT NOT NULL,
    processing_error  TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX media_list_idx ON media (workspace_id, id);
CREATE INDEX media_source_idx ON media (source_id) WHERE source_id IS NOT NULL;
-- one variant of a kind per file: asking again answers the one already made
CREATE UNIQUE INDEX media_variant_idx ON media (source_id, variant) WHERE source_id IS NOT NULL;
CREATE INDEX media_tags_idx ON media USING gin (tags);

-- The files a post carries (its first part's attachments), in order; the publishing
-- module's own list of media ids, checked against the library when the post is saved.
ALTER TABLE posts ADD COLUMN media_ids UUID[] NOT NULL DEFAULT '{}';
CREATE INDEX posts_media_idx ON posts USING gin (media_ids);
-- A channel's own files instead of the post's (a variant made for that platform, say);
-- NULL: the post's.
ALTER TABLE post_targets ADD COLUMN media_ids UUID[];
