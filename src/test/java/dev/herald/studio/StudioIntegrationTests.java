package dev.herald.studio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.analytics.PublishedHistoryTestSupport;
import dev.herald.platform.bluesky.FakeBlueskyPds;
import dev.herald.platform.mastodon.FakeMastodon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * The studio against a fake OpenAI-compatible endpoint: a post written in the brand's
 * voice with its usage, cost and credit recorded; the same request answered from the
 * cache for a day without a credit; a malformed answer asked again once; a refused key, a
 * rate limit and a failing provider each answered as they should, a failure costing no
 * credit; credits that run out. Strategies checked and versioned; a batch of drafts
 * planned over two weeks by the strategy and kept within each channel's limit; a post
 * adapted to each channel; a picture's caption; content templates.
 */
class StudioIntegrationTests extends PublishedHistoryTestSupport {

	private static final String KEY = "sk-studio-test-" + UUID.randomUUID();

	private static final FakeOpenAi OPENAI = new FakeOpenAi(KEY);

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	private static final FakeBlueskyPds PDS = new FakeBlueskyPds();

	private static final String APP_PASSWORD = "studio-test-app-pass";

	private static final String STRATEGY = """
			{"summary":"Be the roastery Lyon talks about.","platforms":[
			{"platform":"Mastodon","why":"A loyal local crowd","postsPerWeek":4,"bestTimes":["08:15","18:00"]},
			{"platform":"Bluesky","why":"Coffee people gather there","postsPerWeek":2,"bestTimes":["12:00"]}],
			"pillars":[{"name":"Origins","description":"Where the beans come from","share":40,"exampleTopics":["Ethiopia"]},
			{"name":"Craft","description":"How we roast","share":35,"exampleTopics":["Roast curves"]},
			{"name":"Community","description":"Our neighbours","share":25,"exampleTopics":["Croix-Rousse market"]}],
			"voice":{"tone":"warm and plain","dos":["name the farm"],"donts":["no jargon"]},
			"kpis":[{"name":"Followers","target":"+500 in 3 months","why":"reach"}],
			"audienceInsights":"Morning people"}""";

	private static final String POST = "{\"text\":\"Fresh roast today: Ethiopia, washed. Come taste it.\","
			+ "\"hashtags\":[\"coffee\",\"roastery\"]}";

	@Autowired
	JdbcClient jdbc;

	private Session owner;

	private String brand;

	@DynamicPropertySource
	static void openai(DynamicPropertyRegistry registry) {
		registry.add("herald.studio.openai.api-key", () -> KEY);
		registry.add("herald.studio.openai.base-url", () -> OPENAI.url() + "/v1");
		registry.add("herald.studio.credits.FREE", () -> 4);
		registry.add("herald.studio.retry-base", () -> "50ms");
	}

	@AfterAll
	static void stopFake() {
		OPENAI.close();
		MASTODON.close();
		PDS.close();
	}

	@BeforeEach
	void brand() throws Exception {
		this.owner = signUp("Lou");
		createWorkspace(this.owner, "Lou's");
		this.brand = data(
				expect(201,
						as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Lou Roasters",
								"description", "A small coffee roastery in Lyon", "toneOfVoice", "warm and plain"))))
			.get("id")
			.asString();
		OPENAI.respond("Lou Roasters", (request) -> POST);
	}

	@Test
	void writesAPostInTheBrandsVoiceAndRecordsWhatItCost() throws Exception {
		int before = OPENAI.requests().size();
		JsonNode answer = generate("Mastodon launch", false, 200);
		assertThat(answer.at("/post/text").asString()).startsWith("Fresh roast today");
		assertThat(answer.at("/post/hashtags").toString()).isEqualTo("[\"coffee\",\"roastery\"]");
		JsonNode generation = answer.get("generation");
		assertThat(generation.get("provider").asString()).isEqualTo("openai");
		assertThat(generation.get("model").asString()).isEqualTo("gpt-4o-mini");
		assertThat(generation.get("promptVersion").asString()).isEqualTo("post/v2");
		assertThat(generation.get("cached").asBoolean()).isFalse();
		assertThat(generation.get("tokensIn").asInt()).isPositive();
		assertThat(generation.get("costUsd").decimalValue()).isPositive();
		assertThat(generation.get("creditsUsed").asInt()).isEqualTo(1);
		assertThat(generation.get("creditsLimit").asInt()).isEqualTo(4);

		assertThat(OPENAI.requests()).hasSize(before + 1);
		JsonNode request = OPENAI.requests().getLast();
		assertThat(request.get("model").asString()).isEqualTo("gpt-4o-mini");
		String prompt = FakeOpenAi.messages(request);
		assertThat(prompt).contains("Lou Roasters", "A small coffee roastery in Lyon", "warm and plain",
				"one Mastodon post", "Mastodon launch", "at most 500 characters", "JSON Schema");
		assertThat(this.jdbc.sql("SELECT status FROM ai_generations WHERE id = ?")
			.param(UUID.fromString(generation.get("id").asString()))
			.query(String.class)
			.single()).isEqualTo("OK");
		assertThat(data(expect(200, as(this.owner.accessToken(), get("/api/v1/users/me/usage")))).get("used").asInt())
			.isEqualTo(1);
	}

	@Test
	void servesTheSameRequestFromTheCacheWithoutACredit() throws Exception {
		generate("cached topic", false, 200);
		int before = OPENAI.requests().size();
		JsonNode again = generate("cached topic", false, 200);
		assertThat(again.at("/generation/cached").asBoolean()).isTrue();
		assertThat(again.at("/generation/creditsUsed").asInt()).isEqualTo(1);
		assertThat(OPENAI.requests()).hasSize(before);
		// recorded, as every generation is
		assertThat(this.jdbc.sql("SELECT cache_hit FROM ai_generations WHERE id = ?")
			.param(UUID.fromString(again.at("/generation/id").asString()))
			.query(Boolean.class)
			.single()).isTrue();
		JsonNode fresh = generate("cached topic", true, 200);
		assertThat(fresh.at("/generation/cached").asBoolean()).isFalse();
		assertThat(OPENAI.requests()).hasSize(before + 1);

		// another workspace asking the very same is answered for itself, never from this
		// one's
		brand();
		assertThat(generate("cached topic", false, 200).at("/generation/cached").asBoolean()).isFalse();
		assertThat(OPENAI.requests()).hasSize(before + 2);
	}

	@Test
	void asksAgainOnceWhenTheAnswerIsMalformedThenSaysSo() throws Exception {
		OPENAI.answerNext("Sure! Here is a great post about coffee.");
		int before = OPENAI.requests().size();
		JsonNode answer = generate("malformed once", false, 200);
		assertThat(answer.at("/post/text").asString()).startsWith("Fresh roast today");
		assertThat(OPENAI.requests()).hasSize(before + 2);
		assertThat(FakeOpenAi.messages(OPENAI.requests().getLast())).contains("could not be read");

		OPENAI.answerNext("not json");
		OPENAI.answerNext("{\"text\": ");
		JsonNode error = body(expect(502,
				as(this.owner.accessToken(), post("/api/v1/ai/generate-content"),
						Map.of("brandId", this.brand, "platform", "BLUESKY", "topic", "malformed twice"))))
			.get("error");
		assertThat(error.get("code").asString()).isEqualTo("AI_PROVIDER_ERROR");
		assertThat(error.get("message").asString()).contains("answered twice");
		assertThat(credits()).as("a failed generation costs no credit").isEqualTo(1);
	}

	@Test
	void classifiesWhatTheProviderAnswers() throws Exception {
		OPENAI.failNext(401);
		JsonNode refused = body(
				expect(502,
						as(this.owner.accessToken(), post("/api/v1/ai/generate-content"),
								Map.of("brandId", this.brand, "platform", "MASTODON", "topic", "revoked key"))))
			.get("error");
		assertThat(refused.get("message").asString()).contains("refused the API key", "OPENAI_API_KEY")
			.doesNotContain(KEY);

		int before = OPENAI.requests().size();
		OPENAI.rateLimitNext(Duration.ofSeconds(1));
		assertThat(generate("after a rate limit", false, 200).at("/post/text").asString()).isNotBlank();
		assertThat(OPENAI.requests()).hasSize(before + 2);

		OPENAI.failNext(500);
		assertThat(generate("after a 500", false, 200).at("/post/text").asString()).isNotBlank();

		OPENAI.faultRates(1.0, 0);
		try {
			JsonNode down = body(expect(503,
					as(this.owner.accessToken(), post("/api/v1/ai/generate-content"),
							Map.of("brandId", this.brand, "platform", "MASTODON", "topic", "provider down"))))
				.get("error");
			assertThat(down.get("code").asString()).isEqualTo("AI_PROVIDER_UNAVAILABLE");
			assertThat(down.get("message").asString()).contains("3 attempts");
		}
		finally {
			OPENAI.faultRates(0, 0);
		}
		assertThat(credits()).isEqualTo(2);
	}

	@Test
	void refusesOnceTheMonthsCreditsAreSpent() throws Exception {
		for (int i = 0; i < 4; i++) {
			generate("credit " + i, false, 200);
		}
		JsonNode error = body(
				expect(403,
						as(this.owner.accessToken(), post("/api/v1/ai/generate-content"),
								Map.of("brandId", this.brand, "platform", "MASTODON", "topic", "one too many"))))
			.get("error");
		assertThat(error.get("code").asString()).isEqualTo("QUOTA_EXCEEDED");
		assertThat(error.get("message").asString()).contains("4 AI credits");
		// what was answered before is still served
		assertThat(generate("credit 0", false, 200).at("/generation/cached").asBoolean()).isTrue();
	}

	@Test
	void suggestsHashtagsAndRewritesAPostAsAsked() throws Exception {
		OPENAI.respond("Suggest up to 8 hashtags", (request) -> "{\"hashtags\":[\"specialtycoffee\",\"lyon\"]}");
		JsonNode hashtags = data(expect(200, as(this.owner.accessToken(), post("/api/v1/ai/suggest-hashtags"),
				Map.of("brandId", this.brand, "platform", "BLUESKY", "text", "Our Ethiopian roast is back"))));
		assertThat(hashtags.at("/hashtags/hashtags").toString()).isEqualTo("[\"specialtycoffee\",\"lyon\"]");
		String prompt = FakeOpenAi.messages(OPENAI.requests().getLast());
		assertThat(prompt).contains("Our Ethiopian roast is back", "Bluesky post");

		OPENAI.respond("Rewrite this",
				(request) -> "{\"text\":\"Back in Lyon: our Ethiopian roast.\",\"hashtags\":[]}");
		JsonNode improved = data(expect(200,
				as(this.owner.accessToken(), post("/api/v1/ai/improve-content"), Map.of("brandId", this.brand,
						"platform", "BLUESKY", "text", "Our Ethiopian roast is back", "feedback", "Mention Lyon"))));
		assertThat(improved.at("/post/text").asString()).isEqualTo("Back in Lyon: our Ethiopian roast.");
		assertThat(FakeOpenAi.messages(OPENAI.requests().getLast())).contains("Mention Lyon", "at most 300 characters");
		assertThat(improved.at("/generation/promptVersion").asString()).isEqualTo("improve/v1");

		JsonNode noFeedback = body(expect(422, as(this.owner.accessToken(), post("/api/v1/ai/improve-content"),
				Map.of("brandId", this.brand, "platform", "BLUESKY", "text", "Our Ethiopian roast is back"))));
		assertThat(noFeedback.at("/error/details/0/field").asString()).isEqualTo("feedback");
	}

	@Test
	void writesAStrategyChecksItAndKeepsItsVersions() throws Exception {
		// two pillars: asked again with what is missing
		OPENAI.answerNext(STRATEGY.replaceFirst("\\{\"name\":\"Craft\"[^}]*\\},", "")
			.replaceFirst(",\\s*\\{\"name\":\"Community\"[^}]*\\}", ""));
		OPENAI.respond("Write the social media strategy", (request) -> STRATEGY);
		int before = OPENAI.requests().size();
		JsonNode written = data(expect(200, as(this.owner.accessToken(), post("/api/v1/ai/strategy"),
				Map.of("brandId", this.brand, "goals", "Sell 50 bags a week online"))));
		assertThat(OPENAI.requests()).hasSize(before + 2);
		assertThat(FakeOpenAi.messages(OPENAI.requests().getLast())).contains("3 to 5 content pillars (not 1)");
		assertThat(OPENAI.requests().getLast().get("model").asString()).as("the strong model").isEqualTo("gpt-4o");
		assertThat(FakeOpenAi.messages(OPENAI.requests().get(before))).contains("Sell 50 bags a week online",
				"Lou Roasters");
		JsonNode first = written.get("strategy");
		assertThat(first.get("version").asInt()).isEqualTo(1);
		assertThat(first.get("active").asBoolean()).as("a brand's first strategy is active").isTrue();
		assertThat(first.at("/plan/pillars")).hasSize(3);
		assertThat(written.at("/generation/promptVersion").asString()).isEqualTo("strategy/v1");

		// an edit is a new version, active like the one edited
		Map<String, Object> plan = this.json.convertValue(first.get("plan"), Map.class);
		plan.put("summary", "Be the roastery all of Lyon talks about.");
		JsonNode edited = data(expect(200, as(this.owner.accessToken(),
				put("/api/v1/strategies/" + first.get("id").asString()), Map.of("plan", plan))));
		assertThat(edited.get("version").asInt()).isEqualTo(2);
		assertThat(edited.get("active").asBoolean()).isTrue();
		assertThat(
				data(expect(200, as(this.owner.accessToken(), get("/api/v1/strategies/" + first.get("id").asString()))))
					.get("active")
					.asBoolean())
			.isFalse();
		// a strategy without pillars is refused, and nothing changes
		plan.put("pillars", java.util.List.of());
		JsonNode refused = body(expect(422, as(this.owner.accessToken(),
				put("/api/v1/strategies/" + edited.get("id").asString()), Map.of("plan", plan))));
		assertThat(refused.at("/error/details/0/message").asString()).contains("3 to 5 content pillars");

		// a new one kept aside, then activated
		JsonNode third = data(expect(200,
				as(this.owner.accessToken(), post("/api/v1/ai/strategy"),
						Map.of("brandId", this.brand, "goals", "Open a second shop", "activate", false))))
			.get("strategy");
		assertThat(third.get("active").asBoolean()).isFalse();
		expect(200,
				as(this.owner.accessToken(), post("/api/v1/strategies/" + third.get("id").asString() + "/activate")));
		JsonNode versions = data(
				expect(200, as(this.owner.accessToken(), get("/api/v1/brands/" + this.brand + "/strategies"))));
		assertThat(versions).hasSize(3);
		assertThat(versions.get(0).get("version").asInt()).isEqualTo(3);
		assertThat(versions.get(0).get("active").asBoolean()).isTrue();
		assertThat(versions.get(1).get("active").asBoolean()).isFalse();
	}

	@Test
	void fillsTwoWeeksWithDraftsWithinEachChannelsLimits() throws Exception {
		plan("PRO");
		String mastodon = mastodon();
		String bluesky = bluesky();
		JsonNode refused = body(expect(422, as(this.owner.accessToken(), post("/api/v1/ai/generate-batch"),
				Map.of("brandId", this.brand, "count", 10))));
		assertThat(refused.at("/error/message").asString() + refused.at("/error/details").toString())
			.contains("no active strategy");
		OPENAI.respond("Write the social media strategy", (request) -> STRATEGY);
		expect(200, as(this.owner.accessToken(), post("/api/v1/ai/strategy"), Map.of("brandId", this.brand)));
		OPENAI.respond("Write one Mastodon post",
				(request) -> "{\"text\":\"Mastodon draft: " + UUID.randomUUID() + "\",\"hashtags\":[\"coffee\"]}");
		// too long for Bluesky at first: shortened by the model
		OPENAI.respond("Write one Bluesky post",
				(request) -> "{\"text\":\"" + UUID.randomUUID() + " long".repeat(80) + "\",\"hashtags\":[]}");
		OPENAI.respond("make it shorter",
				(request) -> "{\"text\":\"Short Bluesky draft " + UUID.randomUUID() + "\",\"hashtags\":[]}");
		java.time.LocalDate from = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).plusDays(2);
		expect(422, as(this.owner.accessToken(), post("/api/v1/ai/generate-batch"),
				Map.of("brandId", this.brand, "count", 31)));
		JsonNode job = data(expect(202,
				as(this.owner.accessToken(), post("/api/v1/ai/generate-batch"), Map.of("brandId", this.brand, "count",
						12, "from", from.toString(), "to", from.plusDays(13).toString(), "timezone", "Europe/Paris"))));
		assertThat(job.get("total").asInt()).isEqualTo(12);
		String id = job.get("id").asString();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> data(expect(200, as(this.owner.accessToken(), get("/api/v1/ai/jobs/" + id)))).get("status")
				.asString()
				.startsWith("COMPLETED"));
		JsonNode done = data(expect(200, as(this.owner.accessToken(), get("/api/v1/ai/jobs/" + id))));
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.get("done").asInt()).isEqualTo(12);
		assertThat(done.get("percent").asInt()).isEqualTo(100);
		java.util.Set<String> times = new java.util.HashSet<>();
		int onMastodon = 0;
		for (JsonNode item : done.get("items")) {
			JsonNode post = data(
					expect(200, as(this.owner.accessToken(), get("/api/v1/posts/" + item.get("postId").asString()))));
			assertThat(post.get("status").asString()).isEqualTo("DRAFT");
			assertThat(post.get("aiModel").asString()).isEqualTo("gpt-4o-mini");
			assertThat(post.get("tags").get(0).asString()).isIn("Origins", "Craft", "Community");
			java.time.ZonedDateTime at = java.time.Instant.parse(post.get("scheduledFor").asString())
				.atZone(java.time.ZoneId.of("Europe/Paris"));
			assertThat(at.toLocalDate()).isBetween(from, from.plusDays(13));
			String channel = post.at("/targets/0/channelId").asString();
			assertThat(times.add(channel + at)).as("one draft a time on a channel").isTrue();
			if (channel.equals(mastodon)) {
				onMastodon++;
				assertThat(at.toLocalTime().toString()).isIn("08:15", "18:00");
				assertThat(post.get("text").asString()).startsWith("Mastodon draft");
			}
			else {
				assertThat(channel).isEqualTo(bluesky);
				assertThat(at.toLocalTime().toString()).isEqualTo("12:00");
				assertThat(post.get("text").asString()).startsWith("Short Bluesky draft");
			}
		}
		assertThat(onMastodon).as("4 a week on Mastodon, 2 on Bluesky").isEqualTo(8);
		// the strategy, 12 posts and 4 shortenings
		assertThat(credits()).isEqualTo(17);

		// scheduled at their planned times in one go; again, nothing more is scheduled
		JsonNode scheduled = data(
				expect(200, as(this.owner.accessToken(), post("/api/v1/ai/jobs/" + id + "/schedule"))));
		assertThat(scheduled.get("scheduled").asInt()).isEqualTo(12);
		JsonNode first = data(expect(200,
				as(this.owner.accessToken(), get("/api/v1/posts/" + done.at("/items/0/postId").asString()))));
		assertThat(first.get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(first.get("scheduledFor").asString()).isEqualTo(done.at("/items/0/at").asString());

		plan("FREE");
		JsonNode tooMany = body(expect(403,
				as(this.owner.accessToken(), post("/api/v1/ai/generate-batch"), Map.of("brandId", this.brand, "count",
						30, "from", from.plusDays(20).toString(), "to", from.plusDays(40).toString()))));
		assertThat(tooMany.at("/error/code").asString()).isEqualTo("QUOTA_EXCEEDED");
		assertThat(tooMany.at("/error/message").asString()).contains("needs 30 AI credits");
	}

	@Test
	void adaptsAPostToEachChannelWithinItsLimit() throws Exception {
		String mastodon = mastodon();
		String bluesky = bluesky();
		OPENAI.respond("Adapt this post",
				(request) -> """
						{"posts":[{"platform":"Mastodon","text":"Our Ethiopian roast is back, washed and bright.","hashtags":["coffee"]},
						{"platform":"Bluesky","text":"%s","hashtags":["coffee"]}]}"""
					.formatted("very long ".repeat(40)));
		OPENAI.respond("make it shorter", (request) -> "{\"text\":\"Ethiopia is back.\",\"hashtags\":[\"coffee\"]}");
		JsonNode adapted = data(
				expect(200, as(this.owner.accessToken(), post("/api/v1/ai/adapt"), Map.of("brandId", this.brand, "text",
						"Our Ethiopian roast is back", "channelIds", java.util.List.of(mastodon, bluesky)))));
		assertThat(FakeOpenAi.messages(OPENAI.requests().get(OPENAI.requests().size() - 2)))
			.contains("Mastodon: at most 500 characters", "Bluesky: at most 300 characters");
		JsonNode posts = adapted.get("posts");
		assertThat(posts).hasSize(2);
		assertThat(posts.get(0).get("channelId").asString()).isEqualTo(mastodon);
		assertThat(posts.get(0).get("text").asString()).startsWith("Our Ethiopian roast is back, washed");
		assertThat(posts.get(1).get("text").asString()).isEqualTo("Ethiopia is back.");
		assertThat(posts.get(1).get("problems")).isEmpty();
		assertThat(posts.get(1).get("length").asInt()).isLessThanOrEqualTo(300);
	}

	@Test
	void writesACaptionForAPictureShowingItToTheModel() throws Exception {
		String media = data(expect(201,
				upload(this.owner.accessToken(), "cup.jpg", "image/jpeg", dev.herald.media.TestMedia.jpeg(2400, 1600))))
			.get("id")
			.asString();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> !"PROCESSING"
				.equals(data(expect(200, as(this.owner.accessToken(), get("/api/v1/media/" + media)))).get("status")
					.asString()));
		OPENAI.respond("caption for the attached picture",
				(request) -> "{\"text\":\"A cup for a grey morning.\",\"hashtags\":[\"coffee\"],"
						+ "\"altText\":\"A white cup of black coffee on a wooden table.\"}");
		JsonNode caption = data(expect(200, as(this.owner.accessToken(), post("/api/v1/ai/generate-image-caption"),
				Map.of("brandId", this.brand, "mediaId", media, "platform", "MASTODON"))));
		assertThat(caption.at("/caption/altText").asString()).startsWith("A white cup");
		JsonNode parts = OPENAI.requests().getLast().at("/messages/1/content");
		String image = null;
		for (JsonNode part : parts) {
			if (part.path("type").asString().equals("image_url")) {
				image = part.at("/image_url/url").asString();
			}
		}
		assertThat(image).as("the picture is sent").startsWith("data:image/jpeg;base64,");
		java.awt.image.BufferedImage sent = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
				java.util.Base64.getDecoder().decode(image.substring(image.indexOf(',') + 1))));
		assertThat(sent.getWidth()).as("at most 1024 pixels").isEqualTo(1024);
	}

	@Test
	void keepsTemplatesAndWritesAPostFromOne() throws Exception {
		JsonNode template = data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/templates"),
						Map.of("name", "New arrival", "category", "announcement", "body",
								"New in: {origin}. Tasting notes: {notes}."))));
		assertThat(template.get("variables").toString()).isEqualTo("[\"origin\",\"notes\"]");
		String id = template.get("id").asString();
		expect(200, as(this.owner.accessToken(), patch("/api/v1/templates/" + id), Map.of("category", "launch")));
		JsonNode list = data(
				expect(200, as(this.owner.accessToken(), get("/api/v1/brands/" + this.brand + "/templates"))));
		assertThat(list).hasSize(1);
		assertThat(list.get(0).get("category").asString()).isEqualTo("launch");
		expect(422, as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/templates"),
				Map.of("name", "Empty")));

		data(expect(200, as(this.owner.accessToken(), post("/api/v1/ai/generate-content"),
				Map.of("brandId", this.brand, "platform", "MASTODON", "templateId", id))));
		assertThat(FakeOpenAi.messages(OPENAI.requests().getLast())).contains("Follow this template",
				"New in: {origin}. Tasting notes: {notes}.");

		expect(204, as(this.owner.accessToken(), delete("/api/v1/templates/" + id)));
		expect(404, as(this.owner.accessToken(), get("/api/v1/templates/" + id)));
	}

	@Test
	void showsTheModelTheBrandsBestPostsOnceTheirMetricsAreRead() throws Exception {
		Brand history = brandOnMastodon(MASTODON, "Lea");
		OPENAI.respond("Lea & Co", (request) -> POST);
		String before = FakeOpenAi.messages(generateFor(history, "before any metrics"));
		assertThat(before).doesNotContain("did well lately");

		Published best = publish(history, "Our Yirgacheffe sold out in an hour: thank you, Lyon", List.of("coffee"));
		Published quiet = publish(history, "Closed on Monday for inventory", List.of());
		MASTODON.engage(best.statusId(), 30, 5);
		MASTODON.engage(quiet.statusId(), 0, 0);
		assertThat(sync(history).get("updated").asInt()).isEqualTo(2);
		String after = FakeOpenAi.messages(generateFor(history, "after the metrics"));
		assertThat(after)
			.contains("did well lately", "Our Yirgacheffe sold out in an hour", "35 interactions on Mastodon")
			.doesNotContain("Closed on Monday");
	}

	private JsonNode generateFor(Brand brand, String topic) throws Exception {
		expect(200, as(brand.owner().accessToken(), post("/api/v1/ai/generate-content"),
				Map.of("brandId", brand.brandId(), "platform", "MASTODON", "topic", topic)));
		return OPENAI.requests().getLast();
	}

	private void plan(String plan) {
		this.jdbc.sql("UPDATE workspaces SET plan = ? WHERE id = (SELECT workspace_id FROM brands WHERE id = ?)")
			.params(plan, UUID.fromString(this.brand))
			.update();
	}

	private String mastodon() throws Exception {
		String user = "lou" + UUID.randomUUID().toString().substring(0, 8);
		return data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/channels/connect/mastodon"),
						Map.of("instance", MASTODON.url().toString(), "accessToken", MASTODON.issueToken(user)))))
			.get("channel")
			.get("id")
			.asString();
	}

	private String bluesky() throws Exception {
		PDS.openSignUp(APP_PASSWORD);
		String user = "lou" + UUID.randomUUID().toString().substring(0, 8);
		return data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/channels/connect/bluesky"), Map
					.of("identifier", user + ".test", "appPassword", APP_PASSWORD, "pds", PDS.url().toString()))))
			.get("channel")
			.get("id")
			.asString();
	}

	private JsonNode generate(String topic, boolean noCache, int status) throws Exception {
		return data(expect(status, as(this.owner.accessToken(), post("/api/v1/ai/generate-content"),
				Map.of("brandId", this.brand, "platform", "MASTODON", "topic", topic, "noCache", noCache))));
	}

	private int credits() throws Exception {
		return data(expect(200, as(this.owner.accessToken(), get("/api/v1/users/me/usage")))).get("used").asInt();
	}

}
