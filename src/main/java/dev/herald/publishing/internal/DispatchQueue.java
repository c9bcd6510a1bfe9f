package dev.herald.publishing.internal;

import java.time.Instant;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerClient.ScheduleOptions;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.TaskInstance;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Puts targets on the job scheduler: one {@value #TASK} job per target, named by the
 * target's id, at its due time. Scheduled in the caller's transaction, so a target and
 * its job are committed together. The job is only a wake-up call: what it does is decided
 * by the target's row when it runs.
 */
@Component
class DispatchQueue {

	static final String TASK = "publish-target";

	/**
	 * Looked up when first used: the scheduler itself is built from the jobs that use
	 * this.
	 */
	private final ObjectProvider<SchedulerClient> scheduler;

	DispatchQueue(ObjectProvider<SchedulerClient> scheduler) {
		this.scheduler = scheduler;
	}

	/** Runs the target's job at {@code at}, moving it if it exists. */
	void schedule(UUID targetId, Instant at) {
		try {
			this.scheduler.getObject().schedule(instance(targetId), at, ScheduleOptions.WHEN_EXISTS_RESCHEDULE);
		}
		catch (TaskInstanceCurrentlyExecutingException running) {
			// the running job re-reads the target when it settles and reschedules itself
			// for the target's due time
		}
	}

	/** Makes sure the target has a job, without moving one that exists. */
	boolean ensure(UUID targetId, Instant at) {
		return this.scheduler.getObject().scheduleIfNotExists(instance(targetId), at);
	}

	private static TaskInstance<Void> instance(UUID targetId) {
		return new TaskInstance<>(TASK, targetId.toString());
	}

}
