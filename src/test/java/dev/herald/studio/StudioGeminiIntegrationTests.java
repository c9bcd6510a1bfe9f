package dev.herald.studio;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The studio with Google Gemini as the server's provider (a fake of the Gemini API),
 * through the API: a post written as the structured answer asks, its tokens (a thinking
 * model's thoughts as output) and cost recorded; a refused key (Google's 400
 * API_KEY_INVALID) naming GEMINI_API_KEY, a missing model naming AI_CONTENT_MODEL; a
 * quota waited as its RetryInfo says, for one credit; server errors and overloads
 * retried, then 503 with Retry-After and the credit given back; a malformed answer asked
 * again once, then refused.
 */
class StudioGeminiIntegrationTests extends StudioProviderTestSupport {

	private static final String KEY = "AIzaSy-studio-" + UUID.randomUUID();

	private static final FakeGemini GEMINI = new FakeGemini(KEY);

	private static final int THOUGHTS = 40;

	private Owner owner;

	@DynamicPropertySource
	static void gemini(DynamicPropertyRegistry registry) {
		registry.add("herald.studio.provider", () -> "gemini");
		registry.add("herald.studio.gemini.api-key", () -> KEY);
		registry.add("herald.studio.gemini.base-url", () -> GEMINI.url());
		registry.add("herald.studio.credits.FREE", () -> 4);
		registry.add("herald.studio.retry-base", () -> "50ms");
	}

	@AfterAll
	static void stopFake() {
		GEMINI.close();
	}

	@BeforeEach
	void owner() throws Exception {
		this.owner = owner("Gem");
		GEMINI.respond("Lou Roasters", (request) -> POST);
		GEMINI.thoughts(THOUGHTS);
	}

	@Test
	void writesAStructuredPostAndRecordsItsTokensAndCost() throws Exception {
		JsonNode answer = data(generate(this.owner, "Gemini launch", 200));
		assertThat(answer.at("/post/text").asString()).startsWith("Fresh roast today");
		assertThat(answer.at("/post/hashtags").toString()).isEqualTo("[\"coffee\",\"roastery\"]");
		JsonNode generation = answer.get("generation");
		assertThat(generation.get("provider").asString()).isEqualTo("gemini");
		assertThat(generation.get("model").asString()).isEqualTo("gemini-2.5-flash");
		assertThat(generation.get("creditsUsed").asInt()).isEqualTo(1);

		JsonNode request = GEMINI.requests().getLast();
		assertThat(request.at("/systemInstruction/parts/0/text").asString()).contains("Lou Roasters", "warm and plain");
		assertThat(FakeGemini.texts(request)).contains("Gemini launch", "JSON Schema");
		int tokensIn = tokens(FakeGemini.texts(request));
		int tokensOut = tokens(POST) + THOUGHTS;
		assertThat(generation.get("tokensIn").asInt()).isEqualTo(tokensIn);
		assertThat(generation.get("tokensOut").asInt()).as("the thoughts are billed as output").isEqualTo(tokensOut);
		// gemini-2.5-flash: 0.30 USD in, 2.50 USD out per million tokens
		BigDecimal cost = new BigDecimal("0.30").multiply(BigDecimal.valueOf(tokensIn))
			.add(new BigDecimal("2.50").multiply(BigDecimal.valueOf(tokensOut)))
			.divide(BigDecimal.valueOf(1_000_000), 8, RoundingMode.HALF_UP);
		assertThat(generation.get("costUsd").decimalValue()).isEqualByComparingTo(cost);
		assertThat(recorded(generation)).isEqualTo("gemini gemini-2.5-flash " + tokensIn + " " + tokensOut + " OK");
		assertThat(credits(this.owner)).isEqualTo(1);
	}

	@Test
	void namesTheSettingToFixWhenTheKeyOrTheModelIsRefused() throws Exception {
		// a key revoked since: Google answers as for a wrong key, 400 API_KEY_INVALID
		GEMINI.failNext(401, 1);
		JsonNode refused = error(generate(this.owner, "revoked key", 502));
		assertThat(refused.get("code").asString()).isEqualTo("AI_PROVIDER_ERROR");
		assertThat(refused.get("message").asString()).contains("refused the API key (HTTP 400)", "GEMINI_API_KEY")
			.doesNotContain(KEY);

		// a suspended key, which Google names in its message
		GEMINI.failNext(403, 1);
		assertThat(error(generate(this.owner, "suspended key", 502)).get("message").asString())
			.contains("refused the API key (HTTP 403)", "GEMINI_API_KEY")
			.doesNotContain(KEY);

		GEMINI.failNext(404, 1);
		assertThat(error(generate(this.owner, "withdrawn model", 502)).get("message").asString())
			.contains("no model gemini-2.5-flash (HTTP 404)", "AI_CONTENT_MODEL");
		assertThat(credits(this.owner)).as("refusals cost no credit").isZero();
		assertThat(this.jdbc.sql("SELECT error FROM ai_generations WHERE workspace_id = ?")
			.param(this.owner.workspace())
			.query(String.class)
			.list()).hasSize(3).noneMatch((error) -> error.contains(KEY));
	}

	@Test
	void waitsAsAQuotaSaysThenAnswersForOneCredit() throws Exception {
		int before = GEMINI.requests().size();
		GEMINI.rateLimitNext(Duration.ofSeconds(1));
		JsonNode answer = data(generate(this.owner, "after a quota", 200));
		assertThat(answer.at("/post/text").asString()).startsWith("Fresh roast today");
		assertThat(GEMINI.requests()).hasSize(before + 2);
		assertThat(answer.at("/generation/latencyMs").asLong()).as("RetryInfo: 1 s, not the 50 ms backoff")
			.isGreaterThanOrEqualTo(950);
		assertThat(credits(this.owner)).isEqualTo(1);
	}

	@Test
	void givesUpOnAFailingProviderWithRetryAfterAndGivesTheCreditBack() throws Exception {
		int before = GEMINI.requests().size();
		GEMINI.failNext(500, 1);
		GEMINI.failNext(503, 2);
		MvcResult down = generate(this.owner, "provider down", 503);
		JsonNode error = error(down);
		assertThat(error.get("code").asString()).isEqualTo("AI_PROVIDER_UNAVAILABLE");
		assertThat(error.get("message").asString()).contains("failed (3 attempts)");
		assertThat(down.getResponse().getHeader("Retry-After")).isEqualTo("60");
		assertThat(GEMINI.requests()).hasSize(before + 3);
		assertThat(credits(this.owner)).as("the credit is given back").isZero();

		GEMINI.failNext(503, 2);
		assertThat(data(generate(this.owner, "after an overload", 200)).at("/post/text").asString()).isNotBlank();
		assertThat(credits(this.owner)).isEqualTo(1);
	}

	@Test
	void asksAgainOnceWhenTheAnswerIsMalformedThenSaysSo() throws Exception {
		GEMINI.answerNext("Sure! Here is a great post about coffee.");
		int before = GEMINI.requests().size();
		assertThat(data(generate(this.owner, "malformed once", 200)).at("/post/text").asString())
			.startsWith("Fresh roast today");
		assertThat(GEMINI.requests()).hasSize(before + 2);
		JsonNode again = GEMINI.requests().getLast();
		assertThat(again.at("/contents/1/role").asString()).isEqualTo("model");
		assertThat(FakeGemini.texts(again)).contains("could not be read");

		GEMINI.answerNext("not json");
		GEMINI.answerNext("{\"text\": ");
		JsonNode error = error(generate(this.owner, "malformed twice", 502));
		assertThat(error.get("code").asString()).isEqualTo("AI_PROVIDER_ERROR");
		assertThat(error.get("message").asString()).contains("answered twice");
		assertThat(credits(this.owner)).as("a failed generation costs no credit").isEqualTo(1);
	}

}
