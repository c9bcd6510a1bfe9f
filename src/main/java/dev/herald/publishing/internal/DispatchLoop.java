package dev.herald.publishing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.herald.common.AfterCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The publishing loop: the targets themselves are the queue. Every
 * {@code polling-interval}, and at once when a target is scheduled for now, it claims the
 * due targets (scheduled and due, unconfirmed and due for a look-up, or publishing under
 * a lease that ran out with its instance) in batches of one statement each, as many as it
 * has room for, and publishes each on a virtual thread of its own. Several instances
 * share the work: a target locked by another's claim is skipped, not waited for.
 * <p>
 * DESIGN.md gives each target a db-scheduler job; Herald did so until a burst of 10,000
 * posts (bench/publish-burst.sh) showed the job's pick, its removal and a claim per
 * target taking a third of the CPU each post cost. db-scheduler still runs the other
 * jobs.
 */
@Component
@EnableConfigurationProperties(PublishingSettings.class)
class DispatchLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);

	/** The most targets one claim takes. */
	private static final int BATCH = 256;

	private final Dispatcher dispatcher;

	private final PublishingSettings settings;

	private final Clock clock;

	private final boolean enabled;

	/** Room for targets in progress on this instance. */
	private final Semaphore room;

	/** Set when there may be work before the next poll. */
	private final Semaphore wakeUp = new Semaphore(0);

	/** Free room at which a loop waiting for room is woken. */
	private final int refill;

	/** Whether the loop waits for room (rather than for due targets). */
	private volatile boolean starved;

	private volatile ExecutorService workers;

	private volatile Thread loop;

	DispatchLoop(Dispatcher dispatcher, PublishingSettings settings, Clock clock,
			@Value("${herald.jobs.enabled:true}") boolean enabled) {
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.clock = clock;
		this.enabled = enabled;
		this.room = new Semaphore(settings.concurrency());
		this.refill = Math.max(1, Math.min(BATCH, settings.concurrency()) / 4);
	}

	/**
	 * Tells the loop that a target is due at {@code at}: when that is before the next
	 * poll, the loop looks at once, after the caller's transaction commits.
	 */
	void due(Instant at) {
		if (at.isAfter(Instant.now(this.clock).plus(this.settings.pollingInterval()))) {
			return;
		}
		AfterCommit.run(this::wake);
	}

	private void wake() {
		if (this.wakeUp.availablePermits() == 0) {
			this.wakeUp.release();
		}
	}

	private void run() {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				if (claimAndStart()) {
					continue;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Could not claim due targets; trying again in {}", this.settings.pollingInterval(), ex);
			}
			try {
				this.wakeUp.tryAcquire(this.settings.pollingInterval().toMillis(), TimeUnit.MILLISECONDS);
				this.wakeUp.drainPermits();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Claims what is due, as much as there is room for, and starts publishing it; answers
	 * whether to look again at once (more may be due, or room came back meanwhile) rather
	 * than wait for a wake-up or the next poll.
	 */
	private boolean claimAndStart() throws InterruptedException {
		int asked = Math.min(this.room.availablePermits(), BATCH);
		List<Dispatcher.Claim> claims = (asked > 0) ? this.dispatcher.claim(asked) : List.of();
		for (Dispatcher.Claim claim : claims) {
			this.room.acquire();
			this.workers.execute(() -> publish(claim));
		}
		this.starved = (asked == 0);
		if (!this.starved) {
			// more may be due
			return claims.size() == asked;
		}
		// without room, woken when a quarter of a batch is free again; or at once when it
		// was freed before the workers could see that the loop waits
		return this.room.availablePermits() >= this.refill;
	}

	private void publish(Dispatcher.Claim claim) {
		try {
			this.dispatcher.publish(claim);
		}
		catch (RuntimeException ex) {
			// the database failed under it: its lease runs out, and the next claim
			// reconciles it
			log.warn("Publishing target {} failed; it is taken again when its lease runs out", claim.targetId(), ex);
		}
		finally {
			this.room.release();
			if (this.starved && this.room.availablePermits() >= this.refill) {
				this.starved = false;
				wake();
			}
		}
	}

	@Override
	public void start() {
		if (!this.enabled) {
			return;
		}
		this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("publish-", 0).factory());
		this.loop = Thread.ofPlatform().name("dispatch-loop").daemon().start(this::run);
	}

	/**
	 * Stops claiming and waits up to {@code shutdown-wait} for the targets in progress;
	 * those still running then are interrupted, and their leases run out to be reconciled
	 * by the next claim.
	 */
	@Override
	public void stop() {
		Thread running = this.loop;
		if (running == null) {
			return;
		}
		running.interrupt();
		try {
			running.join();
			this.workers.shutdown();
			if (!this.workers.awaitTermination(this.settings.shutdownWait().toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("Stopping with targets still publishing; their leases run out and they are reconciled");
				this.workers.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.workers.shutdownNow();
		}
		this.loop = null;
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

	@Override
	public int getPhase() {
		// after the web server has started, before it stops
		return Integer.MAX_VALUE - 2048;
	}

}
