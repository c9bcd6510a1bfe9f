package dev.herald.studio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake OpenAI answers as the chat-completions API does: completions with their usage,
 * the error bodies and headers of a wrong key, a rate limit and a server error, and what
 * the test asks it to say.
 */
class FakeOpenAiTests {

	private static final String KEY = "sk-test-0123456789abcdef";

	private final FakeOpenAi fake = new FakeOpenAi(KEY);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void stop() {
		this.fake.close();
	}

	@Test
	void answersACompletionWithItsUsage() throws Exception {
		this.fake.respond("hashtags", (request) -> "#coffee #roastery");
		HttpResponse<String> answer = chat(KEY, "/v1/chat/completions", "Suggest hashtags for a coffee roaster");
		assertThat(answer.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(answer.body());
		assertThat(body.get("object").asString()).isEqualTo("chat.completion");
		assertThat(body.get("model").asString()).isEqualTo("gpt-4o-mini");
		assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("#coffee #roastery");
		assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
		assertThat(body.at("/usage/prompt_tokens").asInt()).isPositive();
		assertThat(body.at("/usage/total_tokens").asInt())
			.isEqualTo(body.at("/usage/prompt_tokens").asInt() + body.at("/usage/completion_tokens").asInt());
		assertThat(this.fake.requests()).hasSize(1);
		assertThat(this.fake.accepted()).isEqualTo(1);

		this.fake.answerNext("{\"text\":\"queued\"}");
		assertThat(this.json.readTree(chat(KEY, "/chat/completions", "anything").body())
			.at("/choices/0/message/content")
			.asString()).isEqualTo("{\"text\":\"queued\"}");
	}

	@Test
	void answersErrorsAsOpenAiDoes() throws Exception {
		HttpResponse<String> wrongKey = chat("sk-wrong-key-000000", "/v1/chat/completions", "hello");
		assertThat(wrongKey.statusCode()).isEqualTo(401);
		JsonNode error = this.json.readTree(wrongKey.body()).get("error");
		assertThat(error.get("code").asString()).isEqualTo("invalid_api_key");
		assertThat(error.get("message").asString()).contains("sk-********0000").doesNotContain("sk-wrong-key-000000");

		this.fake.rateLimitNext(Duration.ofSeconds(7));
		HttpResponse<String> limited = chat(KEY, "/v1/chat/completions", "hello");
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
		assertThat(this.json.readTree(limited.body()).at("/error/code").asString()).isEqualTo("rate_limit_exceeded");

		this.fake.failNext(500);
		HttpResponse<String> failed = chat(KEY, "/v1/chat/completions", "hello");
		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(this.json.readTree(failed.body()).at("/error/type").asString()).isEqualTo("server_error");
		assertThat(this.fake.accepted()).isZero();
	}

	private HttpResponse<String> chat(String key, String path, String prompt) throws Exception {
		String body = this.json.writeValueAsString(java.util.Map.of("model", "gpt-4o-mini", "messages",
				java.util.List.of(java.util.Map.of("role", "user", "content", prompt))));
		return this.http.send(HttpRequest.newBuilder(URI.create(this.fake.url()).resolve(path))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
