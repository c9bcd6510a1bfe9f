-- Publishing claims due targets straight from post_targets, in batches, instead of running
-- one db-scheduler job per target: the index below orders the targets by when each is next
-- due to be claimed (a scheduled one at its due time, an unconfirmed one at its next
-- look-up, a publishing one when its lease runs out). Its expression must stay the same as
-- Dispatcher.WAKE_AT, or the claim reads the whole table.
CREATE INDEX post_targets_wake_idx ON post_targets
    ((CASE status WHEN 'SCHEDULED' THEN due_at WHEN 'UNCONFIRMED' THEN next_attempt_at ELSE lease_until END))
    WHERE status IN ('SCHEDULED', 'UNCONFIRMED', 'PUBLISHING');
DROP INDEX post_targets_lease_idx;
DROP INDEX post_targets_unconfirmed_idx;

-- the jobs of the old way: their targets are claimed by the new one as they stand
DELETE FROM scheduled_tasks WHERE task_name IN ('publish-target', 'sweep-targets');
