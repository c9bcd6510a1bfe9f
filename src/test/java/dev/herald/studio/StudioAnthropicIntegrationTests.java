package dev.herald.studio;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The studio with Anthropic as the server's provider (a fake of the Messages API),
 * through the API: a post written as the structured answer asks, its tokens and cost
 * recorded from Anthropic's usage; a refused key naming ANTHROPIC_API_KEY, a missing
 * model naming AI_CONTENT_MODEL; a rate limit waited as retry-after says, for one credit;
 * server errors and overloads retried, then 503 with Retry-After and the credit given
 * back; a malformed answer asked again once, then refused.
 */
class StudioAnthropicIntegrationTests extends StudioAnthropicContext {

	private Owner owner;

	@BeforeEach
	void owner() throws Exception {
		this.owner = owner("Ada");
		ANTHROPIC.respond("Lou Roasters", (request) -> POST);
	}

	@Test
	void writesAStructuredPostAndRecordsItsTokensAndCost() throws Exception {
		JsonNode answer = data(generate(this.owner, "Anthropic launch", 200));
		assertThat(answer.at("/post/text").asString()).startsWith("Fresh roast today");
		assertThat(answer.at("/post/hashtags").toString()).isEqualTo("[\"coffee\",\"roastery\"]");
		JsonNode generation = answer.get("generation");
		assertThat(generation.get("provider").asString()).isEqualTo("anthropic");
		assertThat(generation.get("model").asString()).isEqualTo("claude-haiku-4-5");
		assertThat(generation.get("creditsUsed").asInt()).isEqualTo(1);

		JsonNode request = ANTHROPIC.requests().getLast();
		assertThat(request.get("model").asString()).isEqualTo("claude-haiku-4-5");
		assertThat(request.get("max_tokens").asInt()).isPositive();
		assertThat(request.get("system").toString()).contains("Lou Roasters", "warm and plain");
		assertThat(FakeAnthropic.texts(request)).contains("Anthropic launch", "JSON Schema");
		int tokensIn = tokens(FakeAnthropic.texts(request));
		int tokensOut = tokens(POST);
		assertThat(generation.get("tokensIn").asInt()).isEqualTo(tokensIn);
		assertThat(generation.get("tokensOut").asInt()).isEqualTo(tokensOut);
		// claude-haiku-4-5: 1 USD in, 5 USD out per million tokens
		BigDecimal cost = BigDecimal.valueOf(tokensIn)
			.add(BigDecimal.valueOf(5L * tokensOut))
			.divide(BigDecimal.valueOf(1_000_000), 8, RoundingMode.HALF_UP);
		assertThat(generation.get("costUsd").decimalValue()).isEqualByComparingTo(cost);
		assertThat(recorded(generation)).isEqualTo("anthropic claude-haiku-4-5 " + tokensIn + " " + tokensOut + " OK");
		assertThat(credits(this.owner)).isEqualTo(1);
	}

	@Test
	void namesTheSettingToFixWhenTheKeyOrTheModelIsRefused() throws Exception {
		ANTHROPIC.failNext(401, 1);
		JsonNode refused = error(generate(this.owner, "revoked key", 502));
		assertThat(refused.get("code").asString()).isEqualTo("AI_PROVIDER_ERROR");
		assertThat(refused.get("message").asString())
			.contains("refused the API key (HTTP 401)", "ANTHROPIC_API_KEY", "127.0.0.1")
			.doesNotContain(ANTHROPIC_KEY);

		ANTHROPIC.failNext(404, 1);
		JsonNode missing = error(generate(this.owner, "withdrawn model", 502));
		assertThat(missing.get("message").asString()).contains("no model claude-haiku-4-5 (HTTP 404)",
				"AI_CONTENT_MODEL");

		ANTHROPIC.failNext(400, 1);
		assertThat(error(generate(this.owner, "bad request", 502)).get("message").asString())
			.isEqualTo("The AI provider refused the request (HTTP 400): Invalid request");
		assertThat(credits(this.owner)).as("refusals cost no credit").isZero();
	}

	@Test
	void waitsAsARateLimitSaysThenAnswersForOneCredit() throws Exception {
		int before = ANTHROPIC.requests().size();
		ANTHROPIC.rateLimitNext(Duration.ofSeconds(1));
		JsonNode answer = data(generate(this.owner, "after a rate limit", 200));
		assertThat(answer.at("/post/text").asString()).startsWith("Fresh roast today");
		assertThat(ANTHROPIC.requests()).hasSize(before + 2);
		assertThat(answer.at("/generation/latencyMs").asLong()).as("retry-after: 1 s, not the 50 ms backoff")
			.isGreaterThanOrEqualTo(950);
		assertThat(answer.at("/generation/creditsUsed").asInt()).isEqualTo(1);
		assertThat(credits(this.owner)).isEqualTo(1);
	}

	@Test
	void givesUpOnAFailingProviderWithRetryAfterAndGivesTheCreditBack() throws Exception {
		int before = ANTHROPIC.requests().size();
		ANTHROPIC.failNext(500, 1);
		ANTHROPIC.failNext(529, 1);
		ANTHROPIC.failNext(500, 1);
		MvcResult down = generate(this.owner, "provider down", 503);
		JsonNode error = error(down);
		assertThat(error.get("code").asString()).isEqualTo("AI_PROVIDER_UNAVAILABLE");
		assertThat(error.get("message").asString()).contains("failed (3 attempts)");
		assertThat(down.getResponse().getHeader("Retry-After")).isEqualTo("60");
		assertThat(ANTHROPIC.requests()).hasSize(before + 3);
		assertThat(credits(this.owner)).as("the credit is given back").isZero();
		assertThat(this.jdbc.sql("SELECT status FROM ai_generations WHERE workspace_id = ? ORDER BY created_at DESC")
			.param(this.owner.workspace())
			.query(String.class)
			.list()).first().isEqualTo("FAILED");

		ANTHROPIC.failNext(529, 2);
		assertThat(data(generate(this.owner, "after an overload", 200)).at("/post/text").asString()).isNotBlank();
		assertThat(credits(this.owner)).isEqualTo(1);
	}

	@Test
	void asksAgainOnceWhenTheAnswerIsMalformedThenSaysSo() throws Exception {
		ANTHROPIC.answerNext("Sure! Here is a great post about coffee.");
		int before = ANTHROPIC.requests().size();
		assertThat(data(generate(this.owner, "malformed once", 200)).at("/post/text").asString())
			.startsWith("Fresh roast today");
		assertThat(ANTHROPIC.requests()).hasSize(before + 2);
		JsonNode again = ANTHROPIC.requests().getLast();
		assertThat(again.get("messages")).hasSize(3);
		assertThat(again.at("/messages/1/role").asString()).isEqualTo("assistant");
		assertThat(FakeAnthropic.texts(again)).contains("could not be read");

		ANTHROPIC.answerNext("not json");
		ANTHROPIC.answerNext("{\"text\": ");
		JsonNode error = error(generate(this.owner, "malformed twice", 502));
		assertThat(error.get("code").asString()).isEqualTo("AI_PROVIDER_ERROR");
		assertThat(error.get("message").asString()).contains("answered twice");
		assertThat(credits(this.owner)).as("a failed generation costs no credit").isEqualTo(1);
	}

}
