package dev.herald.publishing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import dev.herald.platform.bluesky.FakeBlueskyPds;
import dev.herald.platform.mastodon.FakeMastodon;
import dev.herald.platform.webhook.FakeWebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The publishing engine end to end, through the API and the job scheduler, against fake
 * platforms that answer as the real ones do: each target published exactly once; passing
 * faults retried with backoff; rate limits waited out without spending an attempt;
 * refused content failed at once with the platform's reason; a lost answer reconciled
 * without a second post; a refused token waiting for the channel's reconnect.
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
		String channel = data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/channels/connect/bluesky"), Map
					.of("identifier", this.user + ".test", "appPassword", APP_PASSWORD, "pds", PDS.url().toString()))))
			.get("channel")
			.get("id")
			.asString();
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

	// helpers

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
