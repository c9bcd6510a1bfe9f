package dev.herald.media.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.herald.common.HeraldSettings;
import dev.herald.common.Secrets;
import jakarta.servlet.MultipartConfigElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The media library's parts: the storage chosen by {@code STORAGE}, ffmpeg, the inspector
 * and processor, its jobs (processing each upload, a daily cleanup of
 * {@code system/temp}), its readiness check, and where multipart uploads are staged.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaSettings.class)
class MediaConfiguration {

	private static final Logger log = LoggerFactory.getLogger(MediaConfiguration.class);

	@Bean
	TempFiles mediaTempFiles(HeraldSettings herald, MediaSettings settings, Clock clock) {
		return new TempFiles(herald.dataDir().resolve("media").resolve("system").resolve("temp"),
				settings.tempRetention(), clock);
	}

	@Bean(destroyMethod = "")
	MediaStorage mediaStorage(HeraldSettings herald, MediaSettings settings, Secrets secrets, TempFiles temp,
			Clock clock) {
		if (settings.s3Storage()) {
			MediaSettings.S3Settings s3 = settings.s3();
			log.info("Media files are kept in the S3-compatible store {} (bucket {})",
					(s3.endpoint() != null && !s3.endpoint().isBlank()) ? s3.endpoint() : "AWS S3", s3.bucket());
			return new S3Storage(s3, temp.directory());
		}
		if (!"local".equalsIgnoreCase(settings.storage().trim())) {
			throw new IllegalStateException(
					"STORAGE is '" + settings.storage() + "': set it to local (the default) or s3 (S3, R2, MinIO)");
		}
		return new LocalStorage(herald.dataDir().resolve("media"), herald.baseUrl(), secrets.jwtSigningKey(), clock);
	}

	@Bean
	Ffmpeg ffmpeg(MediaSettings settings, JsonMapper json) {
		return new Ffmpeg(settings.ffmpegPath(), settings.ffmpegTimeout(), json);
	}

	@Bean
	Inspector mediaInspector(Ffmpeg ffmpeg, MediaSettings settings) {
		return new Inspector(ffmpeg, settings.maxMegapixels());
	}

	@Bean
	MediaProcessor mediaProcessor(MediaStorage storage, Inspector inspector, Ffmpeg ffmpeg, TempFiles temp) {
		return new MediaProcessor(storage, inspector, ffmpeg, temp);
	}

	@Bean
	VariantMaker variantMaker(Inspector inspector, Ffmpeg ffmpeg, TempFiles temp) {
		return new VariantMaker(inspector, ffmpeg, temp);
	}

	@Bean
	OneTimeTask<Void> processMedia(MediaService media) {
		return Tasks.oneTime(MediaService.PROCESS_TASK, Void.class)
			.onFailure(new FailureHandler.MaxRetriesFailureHandler<>(3,
					new FailureHandler.OnFailureRetryLater<>(Duration.ofMinutes(1))))
			.execute((instance, context) -> media.process(UUID.fromString(instance.getId())));
	}

	@Bean
	RecurringTask<Void> cleanMediaTemp(TempFiles temp) {
		return Tasks.recurring("clean-media-temp", FixedDelay.of(Duration.ofHours(6))).execute((instance, context) -> {
			try {
				int removed = temp.cleanUp();
				if (removed > 0) {
					log.info("Removed {} temporary media files older than a day", removed);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/** Readiness includes the storage: an upload would fail without it. */
	@Bean
	HealthIndicator storageHealthIndicator(MediaStorage storage) {
		return () -> {
			try {
				storage.check();
				return Health.up().withDetail("storage", storage.name()).build();
			}
			catch (IOException | RuntimeException ex) {
				return Health.down().withDetail("storage", storage.name()).build();
			}
		};
	}

	/**
	 * Multipart uploads are written to disk as they arrive (never held in memory), in the
	 * media working directory, up to the largest file any plan takes; each plan's own
	 * limit is checked by the library.
	 */
	@Bean
	MultipartConfigElement multipartConfigElement(MediaSettings settings, TempFiles temp) throws IOException {
		Path location = temp.directory().resolve("multipart");
		Files.createDirectories(location);
		long largest = settings.plans()
			.values()
			.stream()
			.mapToLong((plan) -> plan.maxFileSize().toBytes())
			.max()
			.orElse(MediaSettings.PlanLimits.DEFAULT.maxFileSize().toBytes());
		MultipartConfigFactory factory = new MultipartConfigFactory();
		factory.setLocation(location.toString());
		factory.setFileSizeThreshold(DataSize.ofBytes(0));
		factory.setMaxFileSize(DataSize.ofBytes(largest));
		// the form's other fields (alt text, tags) come on top of the file
		factory.setMaxRequestSize(DataSize.ofBytes(largest + DataSize.ofMegabytes(1).toBytes()));
		return factory.createMultipartConfig();
	}

}
