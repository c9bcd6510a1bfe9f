package dev.herald.common.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The job scheduler: db-scheduler over Herald's PostgreSQL, so that jobs survive restarts
 * and run once across instances. Modules contribute their {@link Task} beans; they
 * schedule through the {@link com.github.kagkarlsson.scheduler.SchedulerClient} this bean
 * is. Its data source takes part in Spring transactions, so that a job scheduled in a
 * transaction exists exactly when what it works on was committed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobSettings.class)
class JobsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(JobsConfiguration.class);

	@Bean
	Scheduler scheduler(DataSource dataSource, List<Task<?>> tasks, JobSettings settings, Clock clock) {
		List<RecurringTask<?>> recurring = tasks.stream()
			.filter(RecurringTask.class::isInstance)
			.<RecurringTask<?>>map(RecurringTask.class::cast)
			.toList();
		List<Task<?>> others = tasks.stream().filter((task) -> !(task instanceof RecurringTask<?>)).toList();
		// recurring tasks are known through startTasks, which also schedules them once
		return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), others)
			.startTasks(recurring)
			.clock(clock::instant)
			.schedulerName(new SchedulerName.Fixed(instanceName()))
			.threads(settings.threads())
			.executorService(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-", 0).factory()))
			.pollingInterval(settings.pollingInterval())
			.pollUsingLockAndFetch(0.5, 1.0)
			.heartbeatInterval(settings.heartbeatInterval())
			.missedHeartbeatsLimit(settings.missedHeartbeats())
			.shutdownMaxWait(settings.shutdownWait())
			.enableImmediateExecution()
			.build();
	}

	@Bean
	SmartLifecycle schedulerLifecycle(Scheduler scheduler, JobSettings settings) {
		return new SchedulerLifecycle(scheduler, settings.enabled());
	}

	/** Host and process id: two instances on one host must not share a name. */
	private static String instanceName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "localhost";
		}
		return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
	}

	/**
	 * Starts the scheduler once everything else is up. Stopping the context's lifecycle
	 * pauses it (a paused test context is restarted later, and a db-scheduler scheduler
	 * cannot start twice); the bean's destruction stops it for good, waiting for running
	 * jobs while the database pool is still open.
	 */
	private static final class SchedulerLifecycle implements SmartLifecycle, DisposableBean {

		private final Scheduler scheduler;

		private final boolean enabled;

		private volatile boolean started;

		private volatile boolean running;

		SchedulerLifecycle(Scheduler scheduler, boolean enabled) {
			this.scheduler = scheduler;
			this.enabled = enabled;
		}

		@Override
		public void start() {
			if (!this.enabled) {
				log.info("Jobs are disabled on this instance (herald.jobs.enabled=false)");
			}
			else if (this.started) {
				this.scheduler.resume();
			}
			else {
				this.scheduler.start();
				this.started = true;
			}
			this.running = true;
		}

		@Override
		public void stop() {
			if (this.started) {
				this.scheduler.pause();
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			// after the web server has started, before it stops
			return Integer.MAX_VALUE - 2048;
		}

		@Override
		public void destroy() {
			if (this.started) {
				this.scheduler.stop();
			}
		}

	}

}
