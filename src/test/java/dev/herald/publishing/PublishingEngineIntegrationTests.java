package dev.herald.publishing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import dev.herald.media.TestMedia;
import dev.herald.platform.bluesky.FakeBlueskyPds;
import dev.herald.platform.mastodon.FakeMastodon;
import dev.herald.platform.webhook.FakeWebhookReceiver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The publishing engine end to end, through the API and the job scheduler, against fake
 * platforms that answer as the real ones do: each target published exactly once; passing
 * faults retried with backoff; rate limits waited out without spending an attempt;
 * refused content failed at once with the platform's reason; a lost answer reconciled
 * without a second post; a refused token waiting for the channel's reconnect. Posts with
 * files from the media library: checked by each platform before scheduling (with the
 * variant that fixes a refusal), uploaded to Mastodon and Bluesky (with alt text and
 * aspect ratio) when published, and kept from deletion while a post needs them.
 */
class PublishingEngineIntegrationTests extends IntegrationTestSupport {

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	private static final String WEBHOOK_SECRET = "webhook-secret-" + UUID.randomUUID();

	private static final FakeWebhookReceiver RECEIVER = new FakeWebhookReceiver(WEBHOOK_SECRET);

	private static final FakeBlueskyPds PDS = new FakeBlueskyPds();

	private static final String APP_PASSWORD = "engine-test-app-pass";

	private Session owner;

	private String brand;

	private String user;

	@AfterAll
	static void stopFakes() {
		MASTODON.close();
		RECEIVER.close();
		PDS.close();
	}

	@BeforeEach
	void ownerWithBrand() throws Exception {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> MASTODON.inFlight() == 0 && RECEIVER.inFlight() == 0 && PDS.inFlight() == 0);
		PDS.openSignUp(APP_PASSWORD);
		// the fakes' clocks agree with Herald's, which other tests have moved forward
		MASTODON.clock(this.clock::instant);
		PDS.clock(this.clock::instant);
		RECEIVER.clock(this.clock::instant);
		this.owner = signUp("Pia");
		createWorkspace(this.owner, "Pia's");
		this.brand = data(expect(201, as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Pia"))))
			.get("id")
			.asString();
		this.user = "pia" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void publishesEachTargetExactlyOnce() throws Exception {
		String mastodon = mastodon();
		String webhook = data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/channels/connect/webhook"),
						Map.of("url", RECEIVER.url().toString(), "secret", WEBHOOK_SECRET))))
			.get("channel")
			.get("id")
			.asString();
		int received = RECEIVER.accepted();
		String post = create(Map.of("brandId", this.brand, "text", "Hello from Herald", "targets",
				List.of(Map.of("channelId", mastodon), Map.of("channelId", webhook))));
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/publish")));

		JsonNode published = awaitStatus(post, "PUBLISHED");
		assertThat(published.get("targets").findValuesAsString("status")).containsOnly("PUBLISHED");
		assertThat(published.get("targets").findValuesAsString("platformPostId")).hasSize(2).doesNotContainNull();
		assertThat(published.get("targets").get(0).get("url").asString()).startsWith(MASTODON.url().toString());
		assertThat(MASTODON.statusesOf(this.user)).singleElement()
			.satisfies((status) -> assertThat(status.text()).isEqualTo("Hello from Herald"));
		assertThat(RECEIVER.accepted()).isEqualTo(received + 1);
		awaitNotification("POST_PUBLISHED");
	}

	@Test
	void publishesAThreadPartByPart() throws Exception {
		String post = create(Map.of("brandId", this.brand, "text", "1/3 A thread", "thread",
				List.of("2/3 goes on", "3/3 and ends"), "targets", List.of(Map.of("channelId", mastodon()))));
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/publish")));
		awaitStatus(post, "PUBLISHED");
		List<FakeMastodon.Status> statuses = MASTODON.statusesOf(this.user);
		assertThat(statuses).extracting(FakeMastodon.Status::text)
			.containsExactly("1/3 A thread", "2/3 goes on", "3/3 and ends");
		assertThat(statuses.get(1).inReplyToId()).isEqualTo(statuses.get(0).id());
		assertThat(statuses.get(2).inReplyToId()).isEqualTo(statuses.get(1).id());
	}

	@Test
	void retriesAPassingFaultWithBackoff() throws Exception {
		String post = create(Map.of("brandId", this.brand, "text", "After a 503", "targets",
				List.of(Map.of("channelId", mastodon()))));
		MASTODON.failNext(503);
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/publish")));
		JsonNode waiting = awaitTarget(post,
				(target) -> target.get("attempts").asInt() == 1 && "SCHEDULED".equals(target.get("status").asString()));
		assertThat(waiting.get("errorMessage").asString()).contains("503");
		assertThat(MASTODON.statusesOf(this.user)).isEmpty();
		this.clock.advance(Duration.ofMinutes(1));
		awaitStatus(post, "PUBLISHED");
		assertThat(MASTODON.statusesOf(this.user)).hasSize(1);
	}

	@Test
	void waitsForTheRateLimitResetWithoutSpendingAnAttempt() throws Exception {
		String post = create(Map.of("brandId", this.brand, "text", "After the reset", "targets",
				List.of(Map.of("channelId", mastodon()))));
		MASTODON.rateLimitNext(Duration.ofSeconds(90));
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/publish")));
		JsonNode waiting = awaitTarget(post, (target) -> target.get("errorMessage").asString("").contains("Rate"));
		assertThat(waiting.get("attempts").asInt()).isZero();
		assertThat(waiting.get("status").asString()).isEqualTo("SCHEDULED");
		this.clock.advance(Duration.ofSeconds(95));
		awaitStatus(post, "PUBLISHED");
		assertThat(MASTODON.statusesOf(this.user)).hasSize(1);
	}

	@Test
	void failsRefusedContentAtOnceWithThePlatformsReason() throws Exception {
		String post = create(
				Map.of("brandId", this.brand, "text", "Refused", "targets", List.of(Map.of("channelId", mastodon()))));
		MASTODON.failNext(422);
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/publish")));
		JsonNode failed = awaitStatus(post, "FAILED");
		JsonNode target = failed.get("targets").get(0);
		assertThat(target.get("errorCode").asString()).isEqualTo("INVALID_CONTENT");
		assertThat(target.get("errorMessage").asString()).startsWith("Validation failed");
		assertThat(target.get("attempts").asInt()).isEqualTo(1);
		awaitNotification("POST_FAILED");
	}

	@Test
	void reconcilesALostAnswerWithoutASecondPost() throws Exception {
		String post = create(Map.of("brandId", this.brand, "text", "Slow instance", "targets",
				List.of(Map.of("channelId", mastodon()))));
		MASTODON.delayNext(Duration.ofSeconds(6));
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/publish")));
		awaitTarget(post, (target) -> "UNCONFIRMED".equals(target.get("status").asString()));
		// the instance did create the status, after Herald stopped waiting
		await().atMost(Duration.ofSeconds(20)).until(() -> MASTODON.statusesOf(this.user).size() == 1);
		this.clock.advance(Duration.ofMinutes(2));
		awaitStatus(post, "PUBLISHED");
		assertThat(MASTODON.statusesOf(this.user)).hasSize(1);
	}

	@Test
	void settlesALostBlueskyAnswerByItsRecordKeyAndFinishesTheThread() throws Exception {
		String channel = bluesky();
		String post = create(Map.of("brandId", this.brand, "text", "First of two", "thread", List.of("Second of two"),
				"targets", List.of(Map.of("channelId", channel))));
		int before = PDS.accepted();
		PDS.delayNext(Duration.ofSeconds(6));
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/publish")));
		awaitTarget(post, (target) -> "UNCONFIRMED".equals(target.get("status").asString()));
		// the PDS wrote the first record after Herald stopped waiting
		await().atMost(Duration.ofSeconds(20)).until(() -> PDS.accepted() == before + 1 && PDS.inFlight() == 0);
		this.clock.advance(Duration.ofMinutes(2));
		JsonNode published = awaitStatus(post, "PUBLISHED");
		assertThat(PDS.accepted()).as("the first part found by its key, the second written once").isEqualTo(before + 2);
		assertThat(published.get("targets").get(0).get("platformPostId").asString()).startsWith("at://did:");
	}

	@Test
	void aRefusedTokenMakesTheChannelWaitForItsReconnect() throws Exception {
		String channel = mastodon();
		String post = create(Map.of("brandId", this.brand, "text", "After the reconnect", "targets",
				List.of(Map.of("channelId", channel))));
		MASTODON.failNext(401);
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/publish")));
		JsonNode waiting = awaitTarget(post,
				(target) -> target.get("errorMessage").asString("").startsWith("Waiting for the channel"));
		assertThat(waiting.get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(data(expect(200, as(this.owner.accessToken(), get("/api/v1/channels/" + channel)))).get("status")
			.asString()).isEqualTo("NEEDS_REAUTH");
		awaitNotification("CHANNEL_NEEDS_REAUTH");

		expect(200, as(this.owner.accessToken(), post("/api/v1/channels/" + channel + "/reconnect"),
				Map.of("accessToken", MASTODON.issueToken(this.user))));
		awaitStatus(post, "PUBLISHED");
		assertThat(MASTODON.statusesOf(this.user)).hasSize(1);
	}

	@Test
	void publishesAPictureToMastodonAndBlueskyWithItsAltText() throws Exception {
		String mastodon = mastodon();
		String bluesky = bluesky();
		byte[] photo = TestMedia.jpeg(800, 600);
		String media = upload("flag.jpg", photo, "A red and blue flag");
		String post = data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", this.brand, "text", "Our new flag", "mediaIds", List.of(media), "targets",
								List.of(Map.of("channelId", mastodon), Map.of("channelId", bluesky))))))
			.get("id")
			.asString();
		assertThat(read(post).get("mediaIds").toString()).isEqualTo("[\"" + media + "\"]");
		int records = PDS.records().size();
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/publish")));
		JsonNode published = awaitStatus(post, "PUBLISHED");

		FakeMastodon.Status status = MASTODON.statusesOf(this.user).getFirst();
		assertThat(status.text()).isEqualTo("Our new flag");
		assertThat(MASTODON.attachments(status.id())).singleElement().satisfies((upload) -> {
			assertThat(upload.size()).isEqualTo(photo.length);
			assertThat(upload.mimeType()).isEqualTo("image/jpeg");
			assertThat(upload.description()).isEqualTo("A red and blue flag");
		});
		String uri = published.get("targets").get(1).get("platformPostId").asString();
		assertThat(PDS.records()).hasSize(records + 1);
		JsonNode record = PDS.records().stream().filter((r) -> r.uri().equals(uri)).findFirst().orElseThrow().value();
		JsonNode image = record.at("/embed/images/0");
		assertThat(record.at("/embed/$type").asString()).isEqualTo("app.bsky.embed.images");
		assertThat(image.get("alt").asString()).isEqualTo("A red and blue flag");
		assertThat(image.at("/aspectRatio/width").asInt()).isEqualTo(800);
		assertThat(image.at("/aspectRatio/height").asInt()).isEqualTo(600);
		assertThat(image.at("/image/size").asLong()).isEqualTo(photo.length);
	}

	@Test
	void saysWhichChannelWouldRefuseAFileBeforeScheduling() throws Exception {
		String mastodon = mastodon();
		String bluesky = bluesky();
		String large = upload("large.png", TestMedia.png(1500, 1500, true), null);
		JsonNode verdict = data(expect(200,
				as(this.owner.accessToken(), post("/api/v1/posts/validate"),
						Map.of("brandId", this.brand, "text", "Big picture", "mediaIds", List.of(large), "targets",
								List.of(Map.of("channelId", mastodon), Map.of("channelId", bluesky))))));
		assertThat(verdict.get("valid").asBoolean()).isFalse();
		assertThat(verdict.get("targets").get(0).get("violations")).isEmpty();
		JsonNode violation = verdict.get("targets").get(1).get("violations").get(0);
		assertThat(violation.get("field").asString()).isEqualTo("mediaIds[0]");
		assertThat(violation.get("message").asString()).contains(large).contains("at most");
		assertThat(violation.get("fix").get("format").asString()).isEqualTo("jpeg");
		assertThat(violation.get("fix").get("maxBytes").asLong()).isEqualTo(1_000_000L);
		assertThat(violation.get("fix").get("label").asString()).isEqualTo("Make a JPEG under 1 MB");

		// the fix: a variant within Bluesky's limit, as that channel's own file
		String smaller = data(expect(202,
				as(this.owner.accessToken(), post("/api/v1/media/" + large + "/variants"),
						Map.of("format", "jpeg", "maxBytes", violation.get("fix").get("maxBytes").asLong()))))
			.get("id")
			.asString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "READY"
				.equals(data(expect(200, as(this.owner.accessToken(), get("/api/v1/media/" + smaller)))).get("status")
					.asString()));
		JsonNode fixed = data(expect(200, as(this.owner.accessToken(), post("/api/v1/posts/validate"), Map.of("brandId",
				this.brand, "text", "Big picture", "mediaIds", List.of(large), "targets",
				List.of(Map.of("channelId", mastodon), Map.of("channelId", bluesky, "mediaIds", List.of(smaller)))))));
		assertThat(fixed.get("valid").asBoolean()).as(fixed.toString()).isTrue();

		JsonNode error = body(expect(422,
				as(this.owner.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", this.brand, "text", "Not mine", "mediaIds", List.of(UUID.randomUUID())))))
			.get("error");
		assertThat(error.get("details").get(0).get("field").asString()).isEqualTo("mediaIds[0]");
	}

	@Test
	void keepsAFileWhileAScheduledPostNeedsIt() throws Exception {
		String mastodon = mastodon();
		String media = upload("keep.jpg", TestMedia.jpeg(320, 240), null);
		String post = data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", this.brand, "text", "Tomorrow's picture", "targets",
								List.of(Map.of("channelId", mastodon, "mediaIds", List.of(media)))))))
			.get("id")
			.asString();
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/schedule"),
				Map.of("scheduledFor", Instant.now(this.clock).plus(Duration.ofDays(1)).toString())));
		JsonNode refusal = body(expect(409, as(this.owner.accessToken(), delete("/api/v1/media/" + media))));
		assertThat(refusal.get("error").get("message").asString()).contains("Tomorrow's picture")
			.contains("scheduled for");
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/cancel")));
		expect(204, as(this.owner.accessToken(), delete("/api/v1/media/" + media)));
	}

	// helpers

	private String upload(String name, byte[] content, @Nullable String altText) throws Exception {
		String id = data(
				expect(201,
						upload(this.owner.accessToken(), name, "image/jpeg", content,
								(altText != null) ? new String[] { "altText", altText } : new String[0])))
			.get("id")
			.asString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !"PROCESSING"
				.equals(data(expect(200, as(this.owner.accessToken(), get("/api/v1/media/" + id)))).get("status")
					.asString()));
		return id;
	}

	private String bluesky() throws Exception {
		return data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/channels/connect/bluesky"), Map
					.of("identifier", this.user + ".test", "appPassword", APP_PASSWORD, "pds", PDS.url().toString()))))
			.get("channel")
			.get("id")
			.asString();
	}

	private String mastodon() throws Exception {
		return data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/channels/connect/mastodon"),
						Map.of("instance", MASTODON.url().toString(), "accessToken", MASTODON.issueToken(this.user)))))
			.get("channel")
			.get("id")
			.asString();
	}

	private String create(Map<String, Object> post) throws Exception {
		return data(expect(201, as(this.owner.accessToken(), post("/api/v1/posts"), post))).get("id").asString();
	}

	private JsonNode read(String post) throws Exception {
		return data(expect(200, as(this.owner.accessToken(), get("/api/v1/posts/" + post))));
	}

	private JsonNode awaitStatus(String post, String status) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			last[0] = read(post);
			assertThat(last[0].get("status").asString()).as(last[0].toString()).isEqualTo(status);
		});
		return last[0];
	}

	private JsonNode awaitTarget(String post, java.util.function.Predicate<JsonNode> condition) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			last[0] = read(post).get("targets").get(0);
			assertThat(condition.test(last[0])).as(last[0].toString()).isTrue();
		});
		return last[0];
	}

	private void awaitNotification(String type) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					data(expect(200, as(this.owner.accessToken(), get("/api/v1/users/me/notifications"))))
						.findValuesAsString("type"))
				.contains(type));
	}

}
