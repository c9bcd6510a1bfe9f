package dev.herald.platform.mastodon;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.herald.MutableClock;
import dev.herald.platform.Capabilities;
import dev.herald.platform.ChannelAccess;
import dev.herald.platform.ErrorClass;
import dev.herald.platform.Media;
import dev.herald.platform.MediaLimits;
import dev.herald.platform.MetricsUnavailable;
import dev.herald.platform.FakePlatformServer;
import dev.herald.platform.Platform;
import dev.herald.platform.PlatformContractTests;
import dev.herald.platform.PostContent;
import dev.herald.platform.PostMetrics;
import dev.herald.platform.PublishRequest;
import dev.herald.platform.PublishResult;
import dev.herald.platform.TextCounting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MastodonPlatformIntegrationTests extends PlatformContractTests {

	private static final String TOKEN = "token-" + UUID.randomUUID();

	private static final FakeMastodon MASTODON = new FakeMastodon(TOKEN);

	private final MastodonPlatform platform = platform(Clock.systemUTC());

	@AfterAll
	static void stopMastodon() {
		MASTODON.close();
	}

	@Override
	protected Platform platform() {
		return this.platform;
	}

	@Override
	protected ChannelAccess channel() {
		return new ChannelAccess(MASTODON.url(), "109", TOKEN);
	}

	@Override
	protected FakePlatformServer fake() {
		return MASTODON;
	}

	@Test
	void readsItsLimitsFromTheInstance() {
		try (FakeMastodon instance = new FakeMastodon(TOKEN)) {
			instance.maxCharacters(1000);
			Capabilities capabilities = this.platform.capabilities(new ChannelAccess(instance.url(), "109", TOKEN));
			assertThat(capabilities).isEqualTo(new Capabilities(1000, TextCounting.CODE_POINTS, null, 4, true, false,
					23, new MediaLimits(16L * 1024 * 1024, 99L * 1024 * 1024, Set.of())));
		}
	}

	@Test
	void fallsBackToMastodonsDefaultsOnlyForWhatTheInstanceLeavesOut() {
		try (FakeMastodon instance = new FakeMastodon(TOKEN)) {
			instance.maxCharacters(800);
			instance.omitOptionalLimits();
			Capabilities capabilities = this.platform.capabilities(new ChannelAccess(instance.url(), "109", TOKEN));
			assertThat(capabilities.maxTextLength()).isEqualTo(800);
			assertThat(capabilities.maxMedia()).isEqualTo(4);
			assertThat(capabilities.urlLength()).isEqualTo(23);
		}
	}

	@Test
	void readsEachInstanceOnceAnHour() {
		MutableClock clock = new MutableClock();
		MastodonPlatform platform = platform(clock);
		try (FakeMastodon instance = new FakeMastodon(TOKEN)) {
			ChannelAccess channel = new ChannelAccess(instance.url(), "109", TOKEN);
			platform.capabilities(channel);
			platform.capabilities(channel);
			assertThat(instance.instanceReads()).isEqualTo(1);
			instance.maxCharacters(600);
			clock.advance(Duration.ofMinutes(61));
			assertThat(platform.capabilities(channel).maxTextLength()).isEqualTo(600);
			assertThat(instance.instanceReads()).isEqualTo(2);
		}
	}

	@Test
	void anUnreachableInstanceIsAnErrorNeverADefault() {
		ChannelAccess unreachable = new ChannelAccess(URI.create("http://127.0.0.1:9"), "109", TOKEN);
		assertThatException().isThrownBy(() -> this.platform.capabilities(unreachable));
	}

	@Test
	void countsEveryLinkAsTwentyThreeCharacters() {
		Capabilities capabilities = this.platform.capabilities(channel());
		String link = "https://example.com/" + "a-very-long-path/".repeat(20);
		String fits = "x".repeat(476) + " " + link;
		String tooLong = "x".repeat(477) + " " + link;
		assertThat(capabilities.length(fits)).isEqualTo(500);
		assertThat(this.platform.validate(PostContent.of(fits), capabilities)).isEmpty();
		assertThat(this.platform.validate(PostContent.of(tooLong), capabilities)).singleElement()
			.satisfies((violation) -> assertThat(violation.message()).contains("501"));
		assertThat(publish(fits, UUID.randomUUID().toString())).isInstanceOf(PublishResult.Published.class);
	}

	@Test
	void publishesAThreadAsAReplyChainSavingEachPartBeforeTheNext() {
		int before = MASTODON.accepted();
		String key = UUID.randomUUID().toString();
		PostContent thread = new PostContent(List.of("One", "Two", "Three"));

		PublishResult first = this.platform.publish(new PublishRequest(channel(), thread, key, Map.of()));
		assertThat(first).isInstanceOf(PublishResult.Pending.class);
		Map<String, String> afterOne = ((PublishResult.Pending) first).state();
		assertThat(((PublishResult.Pending) first).retryAfter()).isZero();
		assertThat(afterOne).containsKey("part.0").doesNotContainKey("part.1");

		PublishResult second = this.platform.publish(new PublishRequest(channel(), thread, key, afterOne));
		assertThat(second).isInstanceOf(PublishResult.Pending.class);
		Map<String, String> afterTwo = ((PublishResult.Pending) second).state();
		assertThat(afterTwo).containsEntry("part.0", afterOne.get("part.0")).containsKey("part.1");

		PublishResult third = this.platform.publish(new PublishRequest(channel(), thread, key, afterTwo));
		assertThat(third).isInstanceOf(PublishResult.Published.class);
		PublishResult.Published published = (PublishResult.Published) third;
		assertThat(published.platformPostId()).isEqualTo(afterOne.get("part.0"));
		assertThat(published.url()).hasToString(MASTODON.url() + "/@herald/" + afterOne.get("part.0"));

		assertThat(MASTODON.accepted()).isEqualTo(before + 3);
		FakeMastodon.Status one = MASTODON.status(afterOne.get("part.0")).orElseThrow();
		FakeMastodon.Status two = MASTODON.status(afterTwo.get("part.1")).orElseThrow();
		FakeMastodon.Status three = MASTODON.statuses().getLast();
		assertThat(one.inReplyToId()).isNull();
		assertThat(two.text()).isEqualTo("Two");
		assertThat(two.inReplyToId()).isEqualTo(one.id());
		assertThat(three.text()).isEqualTo("Three");
		assertThat(three.inReplyToId()).isEqualTo(two.id());
		assertThat(List.of(one.idempotencyKey(), two.idempotencyKey(), three.idempotencyKey()))
			.containsExactly(key + "-0", key + "-1", key + "-2");
	}

	@Test
	void aResumedThreadNeverPostsASavedPartAgain() {
		int before = MASTODON.accepted();
		String key = UUID.randomUUID().toString();
		PostContent thread = new PostContent(List.of("One", "Two", "Three"));
		Map<String, String> afterOne = ((PublishResult.Pending) this.platform
			.publish(new PublishRequest(channel(), thread, key, Map.of()))).state();
		Map<String, String> afterTwo = ((PublishResult.Pending) this.platform
			.publish(new PublishRequest(channel(), thread, key, afterOne))).state();

		// a crash before the second part's state was saved: the step runs again under the
		// same key and gets the same status back
		PublishResult again = this.platform.publish(new PublishRequest(channel(), thread, key, afterOne));
		assertThat(again).isEqualTo(new PublishResult.Pending(afterTwo, Duration.ZERO));
		assertThat(MASTODON.accepted()).isEqualTo(before + 2);

		// resumed from the saved state: only the last part is posted
		PublishResult done = this.platform.publish(new PublishRequest(channel(), thread, key, afterTwo));
		assertThat(done).isInstanceOf(PublishResult.Published.class);
		assertThat(MASTODON.accepted()).isEqualTo(before + 3);

		// every part saved: nothing is posted at all
		Map<String, String> complete = new java.util.HashMap<>(afterTwo);
		complete.put("part.2", MASTODON.statuses().getLast().id());
		assertThat(this.platform.publish(new PublishRequest(channel(), thread, key, complete))).isEqualTo(done);
		assertThat(MASTODON.accepted()).isEqualTo(before + 3);
	}

	@Test
	void aFaultInTheMiddleOfAThreadKeepsThePartsAlreadyPosted() {
		int before = MASTODON.accepted();
		String key = key();
		PostContent thread = new PostContent(List.of("One", "Two"));
		Map<String, String> afterOne = ((PublishResult.Pending) this.platform
			.publish(new PublishRequest(channel(), thread, key, Map.of()))).state();
		MASTODON.failNext(503);
		assertThat(this.platform.publish(new PublishRequest(channel(), thread, key, afterOne)))
			.isInstanceOf(PublishResult.Transient.class);
		assertThat(this.platform.publish(new PublishRequest(channel(), thread, key, afterOne)))
			.isEqualTo(new PublishResult.Published(afterOne.get("part.0"),
					URI.create(MASTODON.url() + "/@herald/" + afterOne.get("part.0"))));
		assertThat(MASTODON.accepted()).isEqualTo(before + 2);
		assertThat(MASTODON.statuses().getLast().inReplyToId()).isEqualTo(afterOne.get("part.0"));
	}

	@Test
	void readsAStatusesCountsAsMetrics() {
		String key = key();
		PostContent thread = new PostContent(List.of("Question", "Answer"));
		Map<String, String> afterOne = ((PublishResult.Pending) this.platform
			.publish(new PublishRequest(channel(), thread, key, Map.of()))).state();
		this.platform.publish(new PublishRequest(channel(), thread, key, afterOne));
		MASTODON.engage(afterOne.get("part.0"), 7, 3);
		Instant before = Instant.now();
		PostMetrics metrics = this.platform.metrics(channel(), afterOne.get("part.0")).orElseThrow();
		assertThat(metrics).usingRecursiveComparison()
			.ignoringFields("at")
			.isEqualTo(new PostMetrics(7, 3, 1, null, null, before));
		assertThat(metrics.at()).isAfterOrEqualTo(before);
	}

	@Test
	void aStatusTheInstanceNoLongerHasHasNoMetrics() {
		assertThat(this.platform.metrics(channel(), "404404")).isEmpty();
	}

	@Test
	void classifiesWhyMetricsCannotBeRead() {
		String id = ((PublishResult.Published) publish("Read me", key())).platformPostId();
		assertThatExceptionOfType(MetricsUnavailable.class)
			.isThrownBy(() -> this.platform.metrics(new ChannelAccess(MASTODON.url(), "109", "revoked"), id))
			.satisfies((ex) -> assertThat(ex.errorClass()).isEqualTo(ErrorClass.AUTH_EXPIRED));
		assertThatExceptionOfType(MetricsUnavailable.class)
			.isThrownBy(
					() -> this.platform.metrics(new ChannelAccess(URI.create("http://127.0.0.1:9"), "109", TOKEN), id))
			.satisfies((ex) -> assertThat(ex.errorClass()).isEqualTo(ErrorClass.TRANSIENT));
	}

	@Test
	void anInvalidTokenNeedsReauthorisation() {
		PublishResult result = this.platform.publish(new PublishRequest(
				new ChannelAccess(MASTODON.url(), "109", "revoked"), PostContent.of("Hi"), key(), Map.of()));
		assertThat(result).isEqualTo(new PublishResult.NeedsReauth("The access token is invalid"));
	}

	@Test
	void textOverTheInstanceLimitIsRejectedWithTheInstancesMessage() {
		int before = MASTODON.accepted();
		PublishResult result = publish("x".repeat(501), key());
		assertThat(result)
			.isEqualTo(new PublishResult.Rejected("Validation failed: Text character limit of 500 exceeded"));
		assertThat(MASTODON.accepted()).isEqualTo(before);
	}

	@Test
	void anUnreachableInstanceIsATransientFault() {
		PublishResult result = this.platform
			.publish(new PublishRequest(new ChannelAccess(URI.create("http://127.0.0.1:9"), "109", TOKEN),
					PostContent.of("Anyone?"), key(), Map.of()));
		assertThat(result).isInstanceOf(PublishResult.Transient.class);
	}

	@Test
	void neverShowsTheToken() {
		PublishRequest request = new PublishRequest(channel(), PostContent.of("Secret?"), key(), Map.of());
		PublishResult published = this.platform.publish(request);
		MASTODON.failNext(401);
		PublishResult refused = this.platform
			.publish(new PublishRequest(channel(), PostContent.of("Again"), key(), Map.of()));
		assertThat(refused).isInstanceOf(PublishResult.NeedsReauth.class);
		assertThat(List.of(channel(), request, published, refused, this.platform.capabilities(channel())))
			.allSatisfy((shown) -> assertThat(shown.toString()).doesNotContain(TOKEN));
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private static MastodonPlatform platform(Clock clock) {
		return new MastodonPlatform(testSettings(), JsonMapper.builder().build(), clock);
	}

	// Media

	@TempDir
	Path files;

	@Test
	void publishesTwoImagesAttachedInOrderWithTheirAltTexts() throws IOException {
		PostContent content = new PostContent(List.of("Two pictures"),
				List.of(file("a.png", "image/png", 2048, "A cat"), file("b.jpg", "image/jpeg", 4096, "A dog")));
		assertThat(this.platform.validate(content, this.platform.capabilities(channel()))).isEmpty();

		PublishResult result = drive(content, UUID.randomUUID().toString(), Map.of());

		assertThat(result).isInstanceOf(PublishResult.Published.class);
		List<FakeMastodon.Upload> attached = MASTODON.attachments(((PublishResult.Published) result).platformPostId());
		assertThat(attached)
			.extracting(FakeMastodon.Upload::mimeType, FakeMastodon.Upload::size, FakeMastodon.Upload::description)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("image/png", 2048L, "A cat"),
					org.assertj.core.groups.Tuple.tuple("image/jpeg", 4096L, "A dog"));
	}

	@Test
	void pollsAVideoTheInstanceIsProcessingAndAttachesItWhenReady() throws IOException {
		PostContent content = new PostContent(List.of("A video"), List.of(file("v.mp4", "video/mp4", 10_000, null)));
		String key = UUID.randomUUID().toString();
		MASTODON.processMedia(2);

		PublishResult.Pending uploaded = (PublishResult.Pending) this.platform
			.publish(new PublishRequest(channel(), content, key, Map.of()));
		assertThat(uploaded.state()).containsKey("media.0").doesNotContainKey("media.0.ready");
		assertThat(uploaded.retryAfter()).isPositive();
		PublishResult.Pending stillProcessing = (PublishResult.Pending) this.platform
			.publish(new PublishRequest(channel(), content, key, uploaded.state()));
		assertThat(stillProcessing.state()).isEqualTo(uploaded.state());
		assertThat(stillProcessing.retryAfter()).isPositive();
		PublishResult.Pending twice = (PublishResult.Pending) this.platform
			.publish(new PublishRequest(channel(), content, key, stillProcessing.state()));
		assertThat(twice.state()).doesNotContainKey("media.0.ready");
		PublishResult.Pending ready = (PublishResult.Pending) this.platform
			.publish(new PublishRequest(channel(), content, key, twice.state()));
		assertThat(ready.state()).containsEntry("media.0.ready", "true");
		assertThat(ready.retryAfter()).isZero();

		PublishResult result = this.platform.publish(new PublishRequest(channel(), content, key, ready.state()));

		assertThat(result).isInstanceOf(PublishResult.Published.class);
		assertThat(MASTODON.attachments(((PublishResult.Published) result).platformPostId())).singleElement()
			.satisfies((upload) -> assertThat(upload.id()).isEqualTo(uploaded.state().get("media.0")));
	}

	@Test
	void aStatusWithMediaNotProcessedIsRefusedByTheInstance() throws IOException {
		PostContent content = new PostContent(List.of("Too soon"), List.of(file("v.mp4", "video/mp4", 100, null)));
		String key = UUID.randomUUID().toString();
		PublishResult.Pending uploaded = (PublishResult.Pending) this.platform
			.publish(new PublishRequest(channel(), content, key, Map.of()));
		Map<String, String> skippingThePoll = new java.util.HashMap<>(uploaded.state());
		skippingThePoll.put("media.0.ready", "true");

		PublishResult result = this.platform.publish(new PublishRequest(channel(), content, key, skippingThePoll));

		assertThat(result).isInstanceOfSatisfying(PublishResult.Rejected.class,
				(rejected) -> assertThat(rejected.reason()).contains("not finished processing"));
	}

	@Test
	void tooManyOrTooLargeMediaAreViolations() {
		Capabilities capabilities = this.platform.capabilities(channel());
		Path none = this.files.resolve("never-read");
		List<Media> five = java.util.stream.IntStream.range(0, 5)
			.mapToObj((i) -> new Media("m" + i, "image/png", 10, null, none))
			.toList();
		assertThat(this.platform.validate(new PostContent(List.of("Five"), five), capabilities))
			.extracting(dev.herald.platform.Violation::field)
			.containsExactly("media");
		PostContent large = new PostContent(List.of("Large"),
				List.of(new Media("small", "image/png", 10, null, none),
						new Media("huge", "image/png", 16L * 1024 * 1024 + 1, null, none),
						new Media("film", "video/mp4", 99L * 1024 * 1024 + 1, null, none),
						new Media("doc", "application/pdf", 10, null, none)));
		assertThat(this.platform.validate(large, capabilities)).extracting(dev.herald.platform.Violation::field)
			.containsExactly("media[1]", "media[2]", "media[3]");
		assertThat(this.platform.validate(large, capabilities).getFirst().message()).startsWith("huge: ");
	}

	@Test
	void anUploadTheInstanceRefusesFailsWithItsReason() throws IOException {
		PostContent content = new PostContent(List.of("A document"),
				List.of(file("d.pdf", "application/pdf", 100, null)));
		int before = MASTODON.accepted();

		PublishResult result = drive(content, UUID.randomUUID().toString(), Map.of());

		assertThat(result).isInstanceOfSatisfying(PublishResult.Rejected.class,
				(rejected) -> assertThat(rejected.reason()).startsWith("d.pdf: ")
					.contains("File content type is invalid"));
		assertThat(MASTODON.accepted()).isEqualTo(before);
	}

	@Test
	void resumesAfterACrashWithoutUploadingASavedMediumAgain() throws IOException {
		PostContent content = new PostContent(List.of("Resumed"),
				List.of(file("a.png", "image/png", 100, "First"), file("b.png", "image/png", 200, "Second")));
		String key = UUID.randomUUID().toString();
		PublishResult.Pending first = (PublishResult.Pending) this.platform
			.publish(new PublishRequest(channel(), content, key, Map.of()));
		assertThat(first.state()).containsKey("media.0").doesNotContainKey("media.1");
		int uploadsBefore = MASTODON.uploads();

		// the process stopped here; a new one starts from the saved state
		PublishResult result = drive(content, key, first.state());

		assertThat(result).isInstanceOf(PublishResult.Published.class);
		assertThat(MASTODON.uploads()).isEqualTo(uploadsBefore + 1);
		assertThat(MASTODON.attachments(((PublishResult.Published) result).platformPostId()))
			.extracting(FakeMastodon.Upload::id)
			.first()
			.isEqualTo(first.state().get("media.0"));
	}

	/** Runs every step as the engine does, ignoring the waits (the fake counts polls). */
	private PublishResult drive(PostContent content, String key, Map<String, String> state) {
		Map<String, String> saved = state;
		for (int step = 0; step < 20; step++) {
			PublishResult result = this.platform.publish(new PublishRequest(channel(), content, key, saved));
			if (!(result instanceof PublishResult.Pending pending)) {
				return result;
			}
			saved = pending.state();
		}
		throw new AssertionError("Too many steps");
	}

	private Media file(String name, String type, int bytes, String alt) throws IOException {
		byte[] content = new byte[bytes];
		new java.util.Random(bytes).nextBytes(content);
		Path path = Files.write(this.files.resolve(name), content);
		return new Media(name, type, bytes, alt, path);
	}

}
