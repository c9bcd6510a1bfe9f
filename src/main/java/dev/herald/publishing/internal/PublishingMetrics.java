package dev.herald.publishing.internal;

import java.time.Duration;

import dev.herald.platform.ErrorClass;
import dev.herald.platform.PlatformKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The dispatcher's Prometheus metrics, per platform: targets taken up when due and how
 * late, late ones (over 5 s, the publishing target), published, failed by error class,
 * retried, rate-limited, unconfirmed and reconciled.
 */
final class PublishingMetrics {

	/** Later than this after its time, a target counts as late. */
	static final Duration LATE = Duration.ofSeconds(5);

	private final MeterRegistry registry;

	PublishingMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void due(PlatformKind platform, Duration lateness) {
		Timer.builder("herald.publish.lateness")
			.description("How long after its time a target was taken up")
			.tag("platform", tag(platform))
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(this.registry)
			.record(lateness.isNegative() ? Duration.ZERO : lateness);
		if (lateness.compareTo(LATE) > 0) {
			counter("herald.publish.late", platform).increment();
		}
	}

	void published(PlatformKind platform) {
		counter("herald.publish.published", platform).increment();
	}

	void failed(PlatformKind platform, ErrorClass error) {
		Counter.builder("herald.publish.failed")
			.tag("platform", tag(platform))
			.tag("error", error.name())
			.register(this.registry)
			.increment();
	}

	void retried(PlatformKind platform) {
		counter("herald.publish.retried", platform).increment();
	}

	void rateLimited(PlatformKind platform) {
		counter("herald.publish.rate_limited", platform).increment();
	}

	void unconfirmed(PlatformKind platform) {
		counter("herald.publish.unconfirmed", platform).increment();
	}

	void reconciled(PlatformKind platform, String outcome) {
		Counter.builder("herald.publish.reconciled")
			.tag("platform", tag(platform))
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	private Counter counter(String name, PlatformKind platform) {
		return Counter.builder(name).tag("platform", tag(platform)).register(this.registry);
	}

	private static String tag(PlatformKind platform) {
		return platform.name().toLowerCase(java.util.Locale.ROOT);
	}

}
