-- A notification's email is sent by a batching sender rather than at once, so that a burst of
-- published posts becomes a few digests, not thousands of emails: email_to is where it goes
-- (null: in-app only), emailed_at when the sender took it.
ALTER TABLE notifications ADD COLUMN email_to TEXT;
ALTER TABLE notifications ADD COLUMN emailed_at TIMESTAMPTZ;
CREATE INDEX notifications_unsent_idx ON notifications (id) WHERE email_to IS NOT NULL AND emailed_at IS NULL;
