-- Publishing rewrites a post twice (publishing, then published or failed: its status,
-- updated_at and published_at), and none of these columns is indexed. With room left on
-- its page, PostgreSQL writes the new version beside the old one (a heap-only update)
-- instead of adding an entry to each of the post's four indexes, its GIN index on media_ids
-- among them. Pages written from now on keep a fifth free for that.
ALTER TABLE posts SET (fillfactor = 80);
