-- A post is rewritten several times in its life (drafted, scheduled, publishing, then
-- published or failed, its updated_at each time), and none of these changes touches an
-- indexed column. With room left on its page, PostgreSQL writes the new version beside the
-- old one (a heap-only update) instead of adding an entry to each of the post's four
-- indexes, its GIN index on media_ids among them. Pages written from now on keep a fifth
-- free for that.
ALTER TABLE posts SET (fillfactor = 80);
