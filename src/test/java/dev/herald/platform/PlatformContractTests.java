package dev.herald.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every platform adapter must do against its fake server: publish once and answer
 * the platform's id, never publish twice for the same idempotency key, and classify
 * faults into the classes of PLATFORMS.md. Each adapter's test extends this class.
 */
public abstract class PlatformContractTests {

	/**
	 * The read timeout of adapters under test: long enough for a busy 2-core machine to
	 * answer a healthy request.
	 */
	protected static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

	/** A fake's delay that is surely past {@link #READ_TIMEOUT}. */
	protected static final Duration SLOWER_THAN_TIMEOUT = Duration.ofSeconds(6);

	/** The settings adapters under test are built with. */
	public static PlatformSettings testSettings() {
		return new PlatformSettings(Duration.ofSeconds(2), READ_TIMEOUT);
	}

	protected abstract Platform platform();

	protected abstract ChannelAccess channel();

	protected abstract FakePlatformServer fake();

	/** Whether the platform counts anything about a post (the webhook does not). */
	protected boolean keepsMetrics() {
		return true;
	}

	/**
	 * A request an earlier test left waiting at the fake must not land in this test's
	 * count.
	 */
	@BeforeEach
	void nothingInFlight() {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fake().inFlight()).isZero());
	}

	@Test
	void publishesOnceAndAnswersThePlatformsId() {
		int before = fake().accepted();
		PublishResult result = publish("Hello from Herald", UUID.randomUUID().toString());
		assertThat(result).isInstanceOf(PublishResult.Published.class);
		assertThat(((PublishResult.Published) result).platformPostId()).isNotBlank();
		assertThat(fake().accepted()).isEqualTo(before + 1);
	}

	@Test
	void neverPublishesTwiceForOneIdempotencyKey() {
		int before = fake().accepted();
		String key = UUID.randomUUID().toString();
		PublishResult first = publish("Only once", key);
		PublishResult second = publish("Only once", key);
		assertThat(second).isEqualTo(first);
		assertThat(fake().accepted()).isEqualTo(before + 1);
	}

	@Test
	void waitsForTheRateLimitReset() {
		fake().rateLimitNext(Duration.ofSeconds(90));
		PublishResult result = publish("Later", UUID.randomUUID().toString());
		assertThat(result).isInstanceOf(PublishResult.RateLimited.class);
		assertThat(((PublishResult.RateLimited) result).retryAfter()).isBetween(Duration.ofSeconds(80),
				Duration.ofSeconds(91));
	}

	@Test
	void classifiesServerErrorsAsTransient() {
		int before = fake().accepted();
		fake().failNext(503);
		assertThat(publish("Retry me", UUID.randomUUID().toString()).errorClass()).isEqualTo(ErrorClass.TRANSIENT);
		assertThat(fake().accepted()).isEqualTo(before);
	}

	@Test
	void callsATimeoutAnUnknownOutcome() {
		fake().delayNext(SLOWER_THAN_TIMEOUT);
		assertThat(publish("Slow", UUID.randomUUID().toString()).errorClass()).isEqualTo(ErrorClass.UNKNOWN_OUTCOME);
	}

	@Test
	void reconcilesAnUnknownOutcomeWithoutASecondPost() {
		int before = fake().accepted();
		String key = UUID.randomUUID().toString();
		fake().delayNext(SLOWER_THAN_TIMEOUT);
		PublishRequest request = new PublishRequest(channel(), PostContent.of("Did it arrive?"), key, Map.of());
		assertThat(platform().publish(request).errorClass()).isEqualTo(ErrorClass.UNKNOWN_OUTCOME);
		PublishResult reconciled = platform().reconcile(request);
		assertThat(reconciled).isInstanceOf(PublishResult.Published.class);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fake().inFlight()).isZero());
		assertThat(fake().accepted()).isEqualTo(before + 1);
	}

	@Test
	void refusesTextOverTheLimitBeforePublishing() {
		Capabilities capabilities = platform().capabilities(channel());
		String tooLong = "x".repeat(capabilities.maxTextLength() + 1);
		List<Violation> violations = platform().validate(PostContent.of(tooLong), capabilities);
		assertThat(violations).singleElement()
			.satisfies((violation) -> assertThat(violation.field()).isEqualTo("parts[0]"));
		assertThat(platform().validate(PostContent.of("Fine"), capabilities)).isEmpty();
	}

	@Test
	void readsMetricsOfAPublishedPost() {
		PublishResult result = publish("Count me", UUID.randomUUID().toString());
		assertThat(result).isInstanceOf(PublishResult.Published.class);
		Optional<PostMetrics> metrics = platform().metrics(channel(),
				((PublishResult.Published) result).platformPostId());
		if (!keepsMetrics()) {
			assertThat(metrics).isEmpty();
			return;
		}
		assertThat(metrics).hasValueSatisfying((counts) -> {
			assertThat(List.of(counts.likes(), counts.reposts(), counts.replies())).containsOnly(0L);
			assertThat(counts.at()).isNotNull();
		});
	}

	protected PublishResult publish(String text, String idempotencyKey) {
		return platform().publish(new PublishRequest(channel(), PostContent.of(text), idempotencyKey, Map.of()));
	}

}
