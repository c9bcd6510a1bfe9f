package dev.herald.analytics.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metric sync job: a round over every workspace that published in the window, every
 * {@code herald.analytics.sync-interval} after the last round ended (one instance at a
 * time, whichever is up).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnalyticsSettings.class)
class AnalyticsJobs {

	@Bean
	RecurringTask<Void> syncMetrics(MetricsSync sync, AnalyticsSettings settings) {
		return Tasks.recurring("sync-metrics", FixedDelay.of(settings.syncInterval()))
			.execute((instance, context) -> sync.syncAll());
	}

}
