package dev.herald.platform.bluesky;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.platform.ChannelAccess;
import dev.herald.platform.ErrorClass;
import dev.herald.platform.Media;
import dev.herald.platform.Violation;
import dev.herald.platform.MetricsUnavailable;
import dev.herald.platform.FakePlatformServer;
import dev.herald.platform.Platform;
import dev.herald.platform.PlatformContractTests;
import dev.herald.platform.PostContent;
import dev.herald.platform.PostMetrics;
import dev.herald.platform.PublishRequest;
import dev.herald.platform.PublishResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class BlueskyPlatformIntegrationTests extends PlatformContractTests {

	private static final String DID = "did:plc:herald" + UUID.randomUUID().toString().substring(0, 8);

	private static final String HANDLE = "herald.test";

	private static final String FRIEND_DID = "did:plc:friend1234";

	private static final String APP_PASSWORD = "abcd-efgh-" + UUID.randomUUID().toString().substring(0, 9);

	private static final FakeBlueskyPds PDS = new FakeBlueskyPds();

	private static final BlueskyPlatform PLATFORM = new BlueskyPlatform(testSettings(), JsonMapper.builder().build(),
			Clock.systemUTC());

	private static final BlueskySession SESSION;

	static {
		PDS.addAccount(DID, HANDLE, APP_PASSWORD);
		PDS.addAccount(FRIEND_DID, "friend.bsky.social", "not-used-" + UUID.randomUUID());
		SESSION = PLATFORM.createSession(PDS.url(), HANDLE, APP_PASSWORD);
	}

	/** What the engine does between steps, keeping each target's state. */
	private final EngineSteps engine = new EngineSteps(PLATFORM);

	@AfterAll
	static void stopPds() {
		PDS.close();
	}

	/**
	 * The adapter as the engine drives it: the contract's one call of {@code publish}
	 * runs every step (the first one only hands back the record key to save).
	 */
	@Override
	protected Platform platform() {
		return this.engine;
	}

	@Override
	protected ChannelAccess channel() {
		return new ChannelAccess(PDS.url(), DID, SESSION.accessJwt());
	}

	@Override
	protected FakePlatformServer fake() {
		return PDS;
	}

	private PublishResult drive(ChannelAccess channel, PostContent content, String idempotencyKey) {
		return this.engine.publish(new PublishRequest(channel, content, idempotencyKey, Map.of()));
	}

	@Test
	void firstHandsBackARecordKeyToSaveBeforeWriting() {
		int before = PDS.accepted();
		PublishResult result = PLATFORM.publish(
				new PublishRequest(channel(), PostContent.of("Key first"), UUID.randomUUID().toString(), Map.of()));
		assertThat(result).isInstanceOfSatisfying(PublishResult.Pending.class, (pending) -> {
			assertThat(pending.retryAfter()).isZero();
			assertThat(pending.state()).containsOnlyKeys("rkey");
			assertThat(Tid.isValid(pending.state().get("rkey"))).isTrue();
		});
		assertThat(PDS.accepted()).isEqualTo(before);
	}

	@Test
	void makesRecordKeysThatAreTidsInOrder() {
		Instant now = Instant.parse("2026-11-22T05:30:00.123456Z");
		Tid tids = new Tid(Clock.fixed(now, ZoneOffset.UTC));
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			keys.add(tids.next());
		}
		assertThat(keys).allSatisfy((key) -> assertThat(key).hasSize(13).matches(Tid.SYNTAX));
		assertThat(keys).isSorted().doesNotHaveDuplicates();
		// 53 bits of microseconds, then 10 bits of clock id
		long decoded = 0;
		for (char c : keys.getFirst().toCharArray()) {
			decoded = (decoded << 5) | Tid.ALPHABET.indexOf(c);
		}
		assertThat(decoded >>> 10).isEqualTo(now.getEpochSecond() * 1_000_000 + 123_456);
		Tid later = new Tid(Clock.fixed(now.plusSeconds(1), ZoneOffset.UTC));
		assertThat(later.next()).isGreaterThan(keys.getLast());
		assertThat(Tid.encode(0)).isEqualTo("2222222222222");
	}

	@Test
	void publishesWithTheAtUriAndTheBskyAppUrl() {
		PublishResult result = publish("Hello, Bluesky", UUID.randomUUID().toString());
		assertThat(result).isInstanceOfSatisfying(PublishResult.Published.class, (published) -> {
			String rkey = published.platformPostId().substring(published.platformPostId().lastIndexOf('/') + 1);
			assertThat(published.platformPostId()).isEqualTo("at://" + DID + "/app.bsky.feed.post/" + rkey);
			assertThat(published.url()).isEqualTo(URI.create("https://bsky.app/profile/" + DID + "/post/" + rkey));
			JsonNode record = PDS.record(DID, rkey).orElseThrow().value();
			assertThat(record.get("$type").asString()).isEqualTo("app.bsky.feed.post");
			assertThat(record.get("text").asString()).isEqualTo("Hello, Bluesky");
			assertThat(record.get("langs").get(0).asString()).isEqualTo("en");
			assertThat(Instant.parse(record.get("createdAt").asString())).isNotNull();
			assertThat(record.get("createdAt").asString()).endsWith("Z");
		});
	}

	@Test
	void marksLinksMentionsAndTagsWithUtf8ByteOffsets() {
		String text = "🦋 Café news: https://herald.dev/launch. Thanks @friend.bsky.social and @nobody.example #Herald #42";
		PublishResult result = publish(text, UUID.randomUUID().toString());
		JsonNode facets = recordOf(result).get("facets");
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		List<String> covered = new ArrayList<>();
		for (JsonNode facet : facets) {
			int start = facet.get("index").get("byteStart").asInt();
			int end = facet.get("index").get("byteEnd").asInt();
			covered.add(new String(bytes, start, end - start, StandardCharsets.UTF_8));
		}
		assertThat(covered).containsExactly("https://herald.dev/launch", "@friend.bsky.social", "#Herald");
		// "🦋 Café news: " is 14 chars but 17 bytes (the butterfly 4, the é 2)
		assertThat(facets.get(0).get("index").get("byteStart").asInt()).isEqualTo(17);
		assertThat(facets.get(0).get("index").get("byteEnd").asInt()).isEqualTo(17 + 25);
		JsonNode link = facets.get(0).get("features").get(0);
		assertThat(link.get("$type").asString()).isEqualTo("app.bsky.richtext.facet#link");
		assertThat(link.get("uri").asString()).isEqualTo("https://herald.dev/launch");
		JsonNode mention = facets.get(1).get("features").get(0);
		assertThat(mention.get("$type").asString()).isEqualTo("app.bsky.richtext.facet#mention");
		assertThat(mention.get("did").asString()).isEqualTo(FRIEND_DID);
		JsonNode tag = facets.get(2).get("features").get(0);
		assertThat(tag.get("$type").asString()).isEqualTo("app.bsky.richtext.facet#tag");
		assertThat(tag.get("tag").asString()).isEqualTo("Herald");
	}

	@Test
	void publishesAThreadWithReplyReferences() {
		int before = PDS.accepted();
		String key = UUID.randomUUID().toString();
		PublishResult result = drive(channel(), new PostContent(List.of("One", "Two", "Three")), key);
		assertThat(result).isInstanceOf(PublishResult.Published.class);
		assertThat(PDS.accepted()).isEqualTo(before + 3);
		Map<String, String> state = this.engine.state(key);
		assertThat(state).containsKeys("rkey", "uri", "cid", "rkey.1", "uri.1", "cid.1", "rkey.2");
		assertThat(((PublishResult.Published) result).platformPostId()).isEqualTo(state.get("uri"));
		JsonNode root = PDS.record(DID, state.get("rkey")).orElseThrow().value();
		assertThat(root.has("reply")).isFalse();
		JsonNode second = PDS.record(DID, state.get("rkey.1")).orElseThrow().value();
		assertThat(second.get("text").asString()).isEqualTo("Two");
		assertThat(second.at("/reply/root/uri").asString()).isEqualTo(state.get("uri"));
		assertThat(second.at("/reply/root/cid").asString()).isEqualTo(state.get("cid"));
		assertThat(second.at("/reply/parent/uri").asString()).isEqualTo(state.get("uri"));
		JsonNode third = PDS.record(DID, state.get("rkey.2")).orElseThrow().value();
		assertThat(third.get("text").asString()).isEqualTo("Three");
		assertThat(third.at("/reply/root/uri").asString()).isEqualTo(state.get("uri"));
		assertThat(third.at("/reply/parent/uri").asString()).isEqualTo(state.get("uri.1"));
		assertThat(third.at("/reply/parent/cid").asString()).isEqualTo(state.get("cid.1"));
	}

	@Test
	void anExpiredTokenNeedsReauthAndARefreshedOneWorks() {
		FakeBlueskyPds pds = PDS;
		BlueskySession session = PLATFORM.createSession(pds.url(), HANDLE, APP_PASSWORD);
		pds.expire(session.accessJwt());
		ChannelAccess expired = new ChannelAccess(pds.url(), DID, session.accessJwt());
		PublishResult result = drive(expired, PostContent.of("Expired?"), UUID.randomUUID().toString());
		assertThat(result).isInstanceOfSatisfying(PublishResult.NeedsReauth.class,
				(reauth) -> assertThat(reauth.reason()).contains("Token has expired"));
		BlueskySession refreshed = PLATFORM.refreshSession(pds.url(), session.refreshJwt());
		assertThat(refreshed.did()).isEqualTo(DID);
		assertThat(refreshed.refreshJwt()).isNotEqualTo(session.refreshJwt());
		assertThat(drive(new ChannelAccess(pds.url(), DID, refreshed.accessJwt()), PostContent.of("Fresh"),
				UUID.randomUUID().toString()))
			.isInstanceOf(PublishResult.Published.class);
		// the refresh token rotated: the old one is refused
		assertThatExceptionOfType(BlueskySessionException.class)
			.isThrownBy(() -> PLATFORM.refreshSession(pds.url(), session.refreshJwt()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(BlueskySessionException.Reason.INVALID));
	}

	@Test
	void classifiesSessionErrors() {
		assertThatExceptionOfType(BlueskySessionException.class)
			.isThrownBy(() -> PLATFORM.createSession(PDS.url(), HANDLE, "wrong-password"))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(BlueskySessionException.Reason.BAD_CREDENTIALS);
				assertThat(ex.needsSignIn()).isTrue();
			});
		BlueskySession session = PLATFORM.createSession(PDS.url(), HANDLE, APP_PASSWORD);
		assertThatExceptionOfType(BlueskySessionException.class)
			.isThrownBy(() -> PLATFORM.refreshSession(PDS.url(), session.accessJwt()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(BlueskySessionException.Reason.INVALID));
		assertThatExceptionOfType(BlueskySessionException.class)
			.isThrownBy(() -> PLATFORM.createSession(URI.create("http://127.0.0.1:9"), HANDLE, APP_PASSWORD))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(BlueskySessionException.Reason.UNAVAILABLE));
	}

	@Test
	void aBadTokenNeedsReauth() {
		PublishResult result = drive(new ChannelAccess(PDS.url(), DID, "not-a-token"), PostContent.of("Who?"),
				UUID.randomUUID().toString());
		assertThat(result).isInstanceOfSatisfying(PublishResult.NeedsReauth.class,
				(reauth) -> assertThat(reauth.reason()).contains("Token could not be verified"));
	}

	@Test
	void anExistingRecordKeyIsAnUnknownOutcomeThatReconcilesWithoutASecondRecord() {
		String key = UUID.randomUUID().toString();
		PostContent content = PostContent.of("Written once");
		PublishResult first = drive(channel(), content, key);
		assertThat(first).isInstanceOf(PublishResult.Published.class);
		int before = PDS.accepted();
		Map<String, String> saved = Map.copyOf(this.engine.state(key));
		String firstCid = PDS.record(DID, saved.get("rkey")).orElseThrow().cid();
		// a crash before the engine stored the result: the write runs again with the
		// saved key
		PublishRequest again = new PublishRequest(channel(), PostContent.of("Written twice?"), key, saved);
		PublishResult repeated = PLATFORM.publish(again);
		assertThat(repeated).isInstanceOf(PublishResult.Unknown.class);
		assertThat(PDS.record(DID, saved.get("rkey")).orElseThrow().cid()).isEqualTo(firstCid);
		assertThat(PLATFORM.reconcile(again)).isEqualTo(first);
		assertThat(PDS.accepted()).isEqualTo(before);
	}

	@Test
	void reconcilesWithAnExpiredToken() {
		BlueskySession session = PLATFORM.createSession(PDS.url(), HANDLE, APP_PASSWORD);
		ChannelAccess access = new ChannelAccess(PDS.url(), DID, session.accessJwt());
		String key = UUID.randomUUID().toString();
		PublishResult published = this.engine
			.publish(new PublishRequest(access, PostContent.of("Then expired"), key, Map.of()));
		PDS.expire(session.accessJwt());
		assertThat(PLATFORM
			.reconcile(new PublishRequest(access, PostContent.of("Then expired"), key, this.engine.state(key))))
			.isEqualTo(published);
	}

	@Test
	void reconcilesAnAbsentRecordAsSafeToRetry() {
		Map<String, String> state = Map.of("rkey", new Tid(Clock.systemUTC()).next());
		PublishResult result = PLATFORM.reconcile(
				new PublishRequest(channel(), PostContent.of("Never sent"), UUID.randomUUID().toString(), state));
		assertThat(result).isInstanceOf(PublishResult.Transient.class);
	}

	@Test
	void rejectsInvalidContentWithThePdsMessage() {
		// past validation (which would have stopped it): the PDS says why
		PublishResult result = publish("🦋".repeat(301), UUID.randomUUID().toString());
		assertThat(result).isInstanceOfSatisfying(PublishResult.Rejected.class,
				(rejected) -> assertThat(rejected.reason()).contains("grapheme too big (maximum 300, got 301)"));
	}

	@Test
	void refusesThreeHundredAndOneGraphemesBeforePublishing() {
		int before = PDS.accepted();
		String text = "👍🏽".repeat(301);
		assertThat(PLATFORM.validate(PostContent.of(text), PLATFORM.capabilities(channel()))).singleElement()
			.satisfies((violation) -> assertThat(violation.message()).contains("301"));
		assertThat(PLATFORM.validate(PostContent.of("👨‍👩‍👧".repeat(300)), PLATFORM.capabilities(channel())))
			.singleElement()
			.satisfies((violation) -> assertThat(violation.message()).contains("bytes"));
		assertThat(PLATFORM.validate(PostContent.of("é".repeat(300)), PLATFORM.capabilities(channel()))).isEmpty();
		assertThat(PDS.accepted()).isEqualTo(before);
	}

	@Test
	void neverShowsThePasswordOrTheTokens() {
		BlueskySession session = PLATFORM.createSession(PDS.url(), HANDLE, APP_PASSWORD);
		assertThat(session.toString()).contains(DID)
			.doesNotContain(session.accessJwt())
			.doesNotContain(session.refreshJwt())
			.doesNotContain(APP_PASSWORD);
		assertThat(channel().toString()).doesNotContain(SESSION.accessJwt());
		BlueskySessionException refused = null;
		try {
			PLATFORM.createSession(PDS.url(), HANDLE, APP_PASSWORD + "x");
		}
		catch (BlueskySessionException ex) {
			refused = ex;
		}
		assertThat(refused).isNotNull();
		assertThat(refused.getMessage()).doesNotContain(APP_PASSWORD);
		try {
			PLATFORM.refreshSession(PDS.url(), session.accessJwt());
		}
		catch (BlueskySessionException ex) {
			assertThat(ex.getMessage()).doesNotContain(session.accessJwt());
		}
		List<PublishResult> results = List.of(publish("Secret-free", UUID.randomUUID().toString()),
				drive(new ChannelAccess(PDS.url(), DID, session.refreshJwt()), PostContent.of("Wrong token"),
						UUID.randomUUID().toString()));
		assertThat(results).allSatisfy((result) -> assertThat(result.toString()).doesNotContain(session.accessJwt())
			.doesNotContain(session.refreshJwt())
			.doesNotContain(SESSION.accessJwt())
			.doesNotContain(APP_PASSWORD));
	}

	@Test
	void readsAPostsCountsWithGetPosts() {
		String key = UUID.randomUUID().toString();
		PublishResult result = drive(channel(), new PostContent(List.of("Counted", "Reply")), key);
		String uri = ((PublishResult.Published) result).platformPostId();
		PDS.engage(uri, 5, 2, 1);
		Instant before = Instant.now();
		PostMetrics metrics = PLATFORM.metrics(channel(), uri).orElseThrow();
		assertThat(metrics).usingRecursiveComparison()
			.ignoringFields("at")
			.isEqualTo(new PostMetrics(5, 2, 1, 1L, null, before));
		assertThat(metrics.at()).isAfterOrEqualTo(before);
	}

	@Test
	void aPostBlueskyDoesNotReturnHasNoMetrics() {
		String absent = "at://" + DID + "/app.bsky.feed.post/" + new Tid(Clock.systemUTC()).next();
		assertThat(PLATFORM.metrics(channel(), absent)).isEmpty();
	}

	@Test
	void classifiesWhyMetricsCannotBeRead() {
		String uri = ((PublishResult.Published) publish("Read me", UUID.randomUUID().toString())).platformPostId();
		BlueskySession session = PLATFORM.createSession(PDS.url(), HANDLE, APP_PASSWORD);
		PDS.expire(session.accessJwt());
		assertThatExceptionOfType(MetricsUnavailable.class)
			.isThrownBy(() -> PLATFORM.metrics(new ChannelAccess(PDS.url(), DID, session.accessJwt()), uri))
			.satisfies((ex) -> {
				assertThat(ex.errorClass()).isEqualTo(ErrorClass.AUTH_EXPIRED);
				assertThat(ex.getMessage()).contains("Token has expired").doesNotContain(session.accessJwt());
			});
		assertThatExceptionOfType(MetricsUnavailable.class)
			.isThrownBy(() -> PLATFORM
				.metrics(new ChannelAccess(URI.create("http://127.0.0.1:9"), DID, SESSION.accessJwt()), uri))
			.satisfies((ex) -> assertThat(ex.errorClass()).isEqualTo(ErrorClass.TRANSIENT));
		assertThatIllegalArgumentException().isThrownBy(() -> PLATFORM.metrics(channel(), "3kabc"));
	}

	private static JsonNode recordOf(PublishResult result) {
		assertThat(result).isInstanceOf(PublishResult.Published.class);
		String uri = ((PublishResult.Published) result).platformPostId();
		return PDS.record(DID, uri.substring(uri.lastIndexOf('/') + 1)).orElseThrow().value();
	}

	// Media

	@TempDir
	Path files;

	@Test
	void publishesTwoImagesEmbeddedInOrderWithTheirAltTexts() throws IOException {
		PostContent content = new PostContent(List.of("Two pictures"),
				List.of(file("a.png", "image/png", 2048, "A cat"), file("b.jpg", "image/jpeg", 4096, null)));
		assertThat(PLATFORM.validate(content, PLATFORM.capabilities(channel()))).isEmpty();
		String key = UUID.randomUUID().toString();

		PublishResult result = drive(channel(), content, key);

		assertThat(result).isInstanceOf(PublishResult.Published.class);
		JsonNode embed = PDS.record(DID, this.engine.state(key).get("rkey")).orElseThrow().value().path("embed");
		assertThat(embed.path("$type").asString()).isEqualTo("app.bsky.embed.images");
		JsonNode images = embed.path("images");
		assertThat(images.size()).isEqualTo(2);
		assertThat(images.get(0).path("alt").asString()).isEqualTo("A cat");
		assertThat(images.get(1).path("alt").asString()).isEmpty();
		assertThat(images.get(0).at("/image/mimeType").asString()).isEqualTo("image/png");
		assertThat(images.get(1).at("/image/size").asLong()).isEqualTo(4096);
		assertThat(PDS.blob(DID, images.get(0).at("/image/ref/$link").asString())).isPresent();
	}

	@Test
	void tooManyMediaAVideoOrAnImageTooLargeAreViolations() {
		Path none = this.files.resolve("never-read");
		List<Media> five = java.util.stream.IntStream.range(0, 5)
			.mapToObj((i) -> new Media("m" + i, "image/png", 10, null, none))
			.toList();
		assertThat(PLATFORM.validate(new PostContent(List.of("Five"), five), PLATFORM.capabilities(channel())))
			.extracting(Violation::field)
			.containsExactly("media");
		PostContent refused = new PostContent(List.of("Refused"),
				List.of(new Media("fits", "image/png", 1_000_000, null, none),
						new Media("large", "image/png", 1_000_001, null, none),
						new Media("film", "video/mp4", 10, null, none)));
		List<Violation> violations = PLATFORM.validate(refused, PLATFORM.capabilities(channel()));
		assertThat(violations).extracting(Violation::field).containsExactly("media[1]", "media[2]");
		assertThat(violations.get(1).message()).startsWith("film: ");
	}

	@Test
	void anUploadThePdsRefusesFailsWithItsReason() throws IOException {
		PDS.maxImageBytes(1000);
		try {
			PostContent content = new PostContent(List.of("Large"), List.of(file("big.png", "image/png", 1001, null)));
			int before = PDS.accepted();

			PublishResult result = drive(channel(), content, UUID.randomUUID().toString());

			assertThat(result).isInstanceOfSatisfying(PublishResult.Rejected.class,
					(rejected) -> assertThat(rejected.reason()).startsWith("big.png: ").contains("too large"));
			assertThat(PDS.accepted()).isEqualTo(before);
		}
		finally {
			PDS.maxImageBytes(1_000_000);
		}
	}

	@Test
	void savesEachBlobRefBeforeTheRecordAndResumesWithoutUploadingAgain() throws IOException {
		PostContent content = new PostContent(List.of("Resumed"),
				List.of(file("a.png", "image/png", 100, "First"), file("b.png", "image/png", 200, "Second")));
		String key = UUID.randomUUID().toString();
		PublishResult.Pending first = (PublishResult.Pending) PLATFORM
			.publish(new PublishRequest(channel(), content, key, Map.of()));
		assertThat(first.state()).containsOnlyKeys("blob.0");
		assertThat(first.state().get("blob.0")).contains("\"$link\"").contains("image/png");
		int uploadsBefore = PDS.blobUploads();

		// the process stopped here; the engine resumes from the saved state
		PublishResult result = this.engine.publish(new PublishRequest(channel(), content, key, first.state()));

		assertThat(result).isInstanceOf(PublishResult.Published.class);
		assertThat(PDS.blobUploads()).isEqualTo(uploadsBefore + 1);
		assertThat(PDS.record(DID, this.engine.state(key).get("rkey"))
			.orElseThrow()
			.value()
			.at("/embed/images/1/alt")
			.asString()).isEqualTo("Second");
	}

	private Media file(String name, String type, int bytes, String alt) throws IOException {
		byte[] content = new byte[bytes];
		new java.util.Random(bytes).nextBytes(content);
		Path path = Files.write(this.files.resolve(name), content);
		return new Media(name, type, bytes, alt, path);
	}

}
