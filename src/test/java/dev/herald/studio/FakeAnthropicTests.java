package dev.herald.studio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake Anthropic answers as the Messages API does: a message with its content blocks
 * and usage, Anthropic's error bodies and headers (wrong key, missing version, rate
 * limit, server error, overload, withdrawn model), image blocks checked; and Spring AI's
 * Anthropic model, as Herald builds it, reads what it answers.
 */
class FakeAnthropicTests {

	private static final String KEY = "sk-ant-api03-test-0123456789abcdef";

	/** The smallest PNG: one transparent pixel. */
	static final byte[] PIXEL = Base64.getDecoder()
		.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

	private final FakeAnthropic fake = new FakeAnthropic(KEY);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void stop() {
		this.fake.close();
	}

	@Test
	void answersAMessageWithItsUsage() throws Exception {
		this.fake.respond("hashtags", (request) -> "#coffee #roastery");
		HttpResponse<String> answer = send(KEY, "2023-06-01", message("Suggest hashtags for a coffee roaster"));
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("request-id"))
			.hasValueSatisfying((id) -> assertThat(id).startsWith("req_"));
		JsonNode body = this.json.readTree(answer.body());
		assertThat(body.get("type").asString()).isEqualTo("message");
		assertThat(body.get("role").asString()).isEqualTo("assistant");
		assertThat(body.get("model").asString()).isEqualTo("claude-haiku-4-5");
		assertThat(body.at("/content/0/type").asString()).isEqualTo("text");
		assertThat(body.at("/content/0/text").asString()).isEqualTo("#coffee #roastery");
		assertThat(body.get("stop_reason").asString()).isEqualTo("end_turn");
		assertThat(body.at("/usage/input_tokens").asInt()).isPositive();
		assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo("#coffee #roastery".length() / 4);
		assertThat(this.fake.accepted()).isEqualTo(1);

		this.fake.answerNext("{\"text\": ");
		assertThat(this.json.readTree(send(KEY, "2023-06-01", message("anything")).body())
			.at("/content/0/text")
			.asString()).isEqualTo("{\"text\": ");
		assertThat(this.fake.requests()).hasSize(2);
	}

	@Test
	void answersErrorsAsAnthropicDoes() throws Exception {
		HttpResponse<String> wrongKey = send("sk-ant-wrong", "2023-06-01", message("hello"));
		assertThat(wrongKey.statusCode()).isEqualTo(401);
		JsonNode refused = this.json.readTree(wrongKey.body());
		assertThat(refused.get("type").asString()).isEqualTo("error");
		assertThat(refused.at("/error/type").asString()).isEqualTo("authentication_error");
		assertThat(refused.at("/error/message").asString()).isEqualTo("invalid x-api-key");

		HttpResponse<String> noVersion = send(KEY, null, message("hello"));
		assertThat(noVersion.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(noVersion.body()).at("/error/message").asString()).contains("anthropic-version");

		this.fake.rateLimitNext(Duration.ofSeconds(7));
		HttpResponse<String> limited = send(KEY, "2023-06-01", message("hello"));
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
		assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("0");
		assertThat(this.json.readTree(limited.body()).at("/error/type").asString()).isEqualTo("rate_limit_error");

		this.fake.failNext(500, 1);
		this.fake.failNext(529, 1);
		HttpResponse<String> failed = send(KEY, "2023-06-01", message("hello"));
		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(this.json.readTree(failed.body()).at("/error/type").asString()).isEqualTo("api_error");
		HttpResponse<String> overloaded = send(KEY, "2023-06-01", message("hello"));
		assertThat(overloaded.statusCode()).isEqualTo(529);
		assertThat(this.json.readTree(overloaded.body()).at("/error/type").asString()).isEqualTo("overloaded_error");

		this.fake.withdrawModel("claude-haiku-4-5");
		HttpResponse<String> missing = send(KEY, "2023-06-01", message("hello"));
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(missing.body()).at("/error/message").asString())
			.isEqualTo("model: claude-haiku-4-5");
		assertThat(this.fake.accepted()).isZero();
	}

	@Test
	void checksImageBlocksAsAnthropicDoes() throws Exception {
		Map<String, Object> image = Map.of("type", "image", "source",
				Map.of("type", "base64", "media_type", "image/png", "data", Base64.getEncoder().encodeToString(PIXEL)));
		Map<String, Object> request = Map.of("model", "claude-haiku-4-5", "max_tokens", 100, "messages", List.of(Map
			.of("role", "user", "content", List.of(image, Map.of("type", "text", "text", "Caption this picture")))));
		HttpResponse<String> answer = send(KEY, "2023-06-01", request);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(answer.body()).at("/usage/input_tokens").asInt())
			.isGreaterThan(FakeAnthropic.IMAGE_TOKENS);
		assertThat(FakeAnthropic.images(this.fake.requests().getLast())).hasSize(1);

		Map<String, Object> bmp = Map.of("type", "image", "source",
				Map.of("type", "base64", "media_type", "image/bmp", "data", Base64.getEncoder().encodeToString(PIXEL)));
		HttpResponse<String> refused = send(KEY, "2023-06-01", Map.of("model", "claude-haiku-4-5", "max_tokens", 100,
				"messages", List.of(Map.of("role", "user", "content", List.of(bmp)))));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(refused.body()).at("/error/message").asString())
			.contains("messages.0.content.0.image.source.base64.media_type");
	}

	@Test
	void springAisAnthropicModelReadsItsAnswersAndSendsImages() {
		this.fake.respond("Caption", (request) -> "A single pixel, bravely alone.");
		AnthropicChatModel model = AnthropicChatModel.builder()
			.options(AnthropicChatOptions.builder()
				.baseUrl(this.fake.url())
				.apiKey(KEY)
				.model("claude-haiku-4-5")
				.maxRetries(0)
				.build())
			.build();
		ChatResponse response = model.call(new Prompt(List.of(new SystemMessage("You write captions."),
				UserMessage.builder()
					.text("Caption this picture")
					.media(new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(PIXEL)))
					.build())));
		assertThat(response.getResult().getOutput().getText()).isEqualTo("A single pixel, bravely alone.");
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isGreaterThan(FakeAnthropic.IMAGE_TOKENS);
		assertThat(response.getMetadata().getUsage().getCompletionTokens())
			.isEqualTo("A single pixel, bravely alone.".length() / 4);
		JsonNode sent = this.fake.requests().getLast();
		assertThat(sent.get("system").toString()).contains("You write captions.");
		JsonNode image = FakeAnthropic.images(sent).getFirst();
		assertThat(image.get("media_type").asString()).isEqualTo("image/png");
		assertThat(Base64.getDecoder().decode(image.get("data").asString())).isEqualTo(PIXEL);
	}

	private static Map<String, Object> message(String text) {
		return Map.of("model", "claude-haiku-4-5", "max_tokens", 1024, "messages",
				List.of(Map.of("role", "user", "content", text)));
	}

	private HttpResponse<String> send(String key, String version, Object body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.fake.url() + "/v1/messages"))
			.header("x-api-key", key)
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)));
		if (version != null) {
			request.header("anthropic-version", version);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
