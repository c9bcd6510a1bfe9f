package dev.herald.studio.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.herald.common.HeraldSettings;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The studio's model client, built from {@code herald.studio} and the workspaces' own
 * providers, and its batch jobs; the offline embedding model (loaded at its first use,
 * its files under the data directory's {@code models}) and the job that embeds published
 * posts left without a vector.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StudioSettings.class)
class StudioConfiguration {

	@Bean
	ModelClient modelClient(StudioSettings settings, WorkspaceAiProviders workspaceProviders) {
		return new ModelClient(settings, workspaceProviders::find);
	}

	/**
	 * A batch's job: started at once, resumed after a restart (the scheduler runs again a
	 * job whose instance died), with its items made so far kept.
	 */
	@Bean
	OneTimeTask<Void> batchTask(BatchService batches) {
		return Tasks.oneTime(BatchService.TASK, Void.class)
			.onFailure(new FailureHandler.MaxRetriesFailureHandler<>(3,
					new FailureHandler.OnFailureRetryLater<>(Duration.ofMinutes(1))))
			.execute((instance, context) -> batches.run(UUID.fromString(instance.getId())));
	}

	@Bean
	Embedder embedder(HeraldSettings herald, StudioSettings settings) {
		return new Embedder(herald.dataDir().resolve("models"), settings.offline().modelIdle());
	}

	@Bean
	PostVectors postVectors(JdbcClient jdbc, Embedder embedder, Clock clock) {
		return new PostVectors(jdbc, embedder, clock);
	}

	@Bean
	RecurringTask<Void> embedPublishedPosts(OfflineIndexing indexing, StudioSettings settings) {
		return Tasks.recurring("embed-published-posts", FixedDelay.of(settings.offline().catchUpInterval()))
			.execute((instance, context) -> indexing.catchUp());
	}

}
