package dev.herald.studio;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The studio against a fake OpenAI-compatible endpoint: a post written in the brand's
 * voice with its usage, cost and credit recorded; the same request answered from the
 * cache for a day without a credit; a malformed answer asked again once; a refused key, a
 * rate limit and a failing provider each answered as they should, a failure costing no
 * credit; credits that run out.
 */
class StudioIntegrationTests extends IntegrationTestSupport {

	private static final String KEY = "sk-studio-test-" + UUID.randomUUID();

	private static final FakeOpenAi OPENAI = new FakeOpenAi(KEY);

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
		assertThat(generation.get("promptVersion").asString()).isEqualTo("post/v1");
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
		JsonNode fresh = generate("cached topic", true, 200);
		assertThat(fresh.at("/generation/cached").asBoolean()).isFalse();
		assertThat(OPENAI.requests()).hasSize(before + 1);
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

	private JsonNode generate(String topic, boolean noCache, int status) throws Exception {
		return data(expect(status, as(this.owner.accessToken(), post("/api/v1/ai/generate-content"),
				Map.of("brandId", this.brand, "platform", "MASTODON", "topic", topic, "noCache", noCache))));
	}

	private int credits() throws Exception {
		return data(expect(200, as(this.owner.accessToken(), get("/api/v1/users/me/usage")))).get("used").asInt();
	}

}
