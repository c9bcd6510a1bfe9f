package dev.herald.channel.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The channel module's jobs: refreshing tokens before they expire (every 15 minutes by
 * default), and forgetting OAuth connects that were never finished.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChannelSettings.class)
class ChannelJobs {

	private static final Logger log = LoggerFactory.getLogger(ChannelJobs.class);

	@Bean
	RecurringTask<Void> refreshChannelTokens(ChannelService channels, ChannelSettings settings) {
		return Tasks.recurring("refresh-channel-tokens", FixedDelay.of(settings.refreshInterval()))
			.execute((instance, context) -> {
				int looked = channels.refreshExpiring();
				if (looked > 0) {
					log.info("Refreshed the tokens of {} channels about to expire", looked);
				}
			});
	}

}
