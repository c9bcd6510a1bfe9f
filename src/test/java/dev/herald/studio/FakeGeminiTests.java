package dev.herald.studio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.google.genai.GoogleGenAiChatModel;
import org.springframework.ai.google.genai.GoogleGenAiChatOptions;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake Gemini answers as the Gemini API does: candidates with their usage metadata,
 * Google's error bodies (a wrong key, a suspended one, a quota with its retry delay, a
 * server error, an overload, a withdrawn model), inline images checked; and Spring AI's
 * Gemini model, as Herald builds it, reads what it answers.
 */
class FakeGeminiTests {

	private static final String KEY = "AIzaSyTest-0123456789abcdefghijklmnop";

	private final FakeGemini fake = new FakeGemini(KEY);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void stop() {
		this.fake.close();
	}

	@Test
	void answersCandidatesWithTheirUsage() throws Exception {
		this.fake.respond("hashtags", (request) -> "#coffee #roastery");
		this.fake.thoughts(40);
		HttpResponse<String> answer = send("x-goog-api-key", KEY, "gemini-2.5-flash",
				content("Suggest hashtags for a coffee roaster"));
		assertThat(answer.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(answer.body());
		assertThat(body.at("/candidates/0/content/parts/0/text").asString()).isEqualTo("#coffee #roastery");
		assertThat(body.at("/candidates/0/content/role").asString()).isEqualTo("model");
		assertThat(body.at("/candidates/0/finishReason").asString()).isEqualTo("STOP");
		JsonNode usage = body.get("usageMetadata");
		assertThat(usage.get("promptTokenCount").asInt()).isPositive();
		assertThat(usage.get("candidatesTokenCount").asInt()).isEqualTo("#coffee #roastery".length() / 4);
		assertThat(usage.get("thoughtsTokenCount").asInt()).isEqualTo(40);
		assertThat(usage.get("totalTokenCount").asInt())
			.isEqualTo(usage.get("promptTokenCount").asInt() + usage.get("candidatesTokenCount").asInt() + 40);
		assertThat(body.get("modelVersion").asString()).isEqualTo("gemini-2.5-flash");

		// the key may also come as a query parameter
		this.fake.answerNext("not json at all");
		assertThat(this.json.readTree(send(null, KEY, "gemini-2.5-flash", content("anything")).body())
			.at("/candidates/0/content/parts/0/text")
			.asString()).isEqualTo("not json at all");
		assertThat(this.fake.accepted()).isEqualTo(2);
	}

	@Test
	void answersErrorsAsGoogleDoes() throws Exception {
		HttpResponse<String> wrongKey = send("x-goog-api-key", "AIza-wrong", "gemini-2.5-flash", content("hello"));
		assertThat(wrongKey.statusCode()).isEqualTo(400);
		JsonNode refused = this.json.readTree(wrongKey.body()).get("error");
		assertThat(refused.get("status").asString()).isEqualTo("INVALID_ARGUMENT");
		assertThat(refused.at("/details/0/reason").asString()).isEqualTo("API_KEY_INVALID");

		this.fake.rateLimitNext(Duration.ofSeconds(7));
		HttpResponse<String> limited = send("x-goog-api-key", KEY, "gemini-2.5-flash", content("hello"));
		assertThat(limited.statusCode()).isEqualTo(429);
		JsonNode quota = this.json.readTree(limited.body()).get("error");
		assertThat(quota.get("status").asString()).isEqualTo("RESOURCE_EXHAUSTED");
		assertThat(quota.get("details").toString()).contains("\"retryDelay\":\"7s\"", "google.rpc.QuotaFailure");

		this.fake.failNext(500, 1);
		this.fake.failNext(503, 1);
		this.fake.failNext(403, 1);
		assertThat(this.json.readTree(send("x-goog-api-key", KEY, "gemini-2.5-flash", content("hello")).body())
			.at("/error/status")
			.asString()).isEqualTo("INTERNAL");
		HttpResponse<String> overloaded = send("x-goog-api-key", KEY, "gemini-2.5-flash", content("hello"));
		assertThat(overloaded.statusCode()).isEqualTo(503);
		assertThat(this.json.readTree(overloaded.body()).at("/error/status").asString()).isEqualTo("UNAVAILABLE");
		HttpResponse<String> suspended = send("x-goog-api-key", KEY, "gemini-2.5-flash", content("hello"));
		assertThat(suspended.statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(suspended.body()).at("/error/message").asString()).contains(KEY);

		this.fake.withdrawModel("gemini-1.0-pro");
		HttpResponse<String> missing = send("x-goog-api-key", KEY, "gemini-1.0-pro", content("hello"));
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(missing.body()).at("/error/status").asString()).isEqualTo("NOT_FOUND");
		assertThat(this.fake.accepted()).isZero();
	}

	@Test
	void checksInlineImagesAsGoogleDoes() throws Exception {
		Map<String, Object> image = Map.of("inlineData",
				Map.of("mimeType", "image/png", "data", Base64.getEncoder().encodeToString(FakeAnthropicTests.PIXEL)));
		HttpResponse<String> answer = send("x-goog-api-key", KEY, "gemini-2.5-flash", Map.of("contents",
				List.of(Map.of("role", "user", "parts", List.of(image, Map.of("text", "Caption this picture"))))));
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(answer.body()).at("/usageMetadata/promptTokensDetails/1/modality").asString())
			.isEqualTo("IMAGE");
		assertThat(FakeGemini.images(this.fake.requests().getLast())).hasSize(1);

		Map<String, Object> broken = Map.of("inlineData", Map.of("mimeType", "image/png", "data", "not base64!"));
		HttpResponse<String> refused = send("x-goog-api-key", KEY, "gemini-2.5-flash",
				Map.of("contents", List.of(Map.of("role", "user", "parts", List.of(broken)))));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(refused.body()).at("/error/message").asString())
			.contains("Base64 decoding failed");
	}

	@Test
	void springAisGeminiModelReadsItsAnswersAndSendsImages() {
		this.fake.respond("Caption", (request) -> "A single pixel, bravely alone.");
		this.fake.thoughts(12);
		Client client = Client.builder()
			.apiKey(KEY)
			.vertexAI(false)
			.httpOptions(HttpOptions.builder()
				.baseUrl(this.fake.url())
				.retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build())
				.build())
			.build();
		GoogleGenAiChatModel model = GoogleGenAiChatModel.builder()
			.genAiClient(client)
			.options(GoogleGenAiChatOptions.builder().model("gemini-2.5-flash").build())
			.build();
		ChatResponse response = model.call(new Prompt(List.of(new SystemMessage("You write captions."),
				UserMessage.builder()
					.text("Caption this picture")
					.media(new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(FakeAnthropicTests.PIXEL)))
					.build())));
		assertThat(response.getResult().getOutput().getText()).isEqualTo("A single pixel, bravely alone.");
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isGreaterThan(FakeGemini.IMAGE_TOKENS);
		JsonNode sent = this.fake.requests().getLast();
		assertThat(FakeGemini.texts(sent)).startsWith("You write captions.");
		JsonNode image = FakeGemini.images(sent).getFirst();
		assertThat(image.get("mimeType").asString()).isEqualTo("image/png");
		assertThat(Base64.getDecoder().decode(image.get("data").asString())).isEqualTo(FakeAnthropicTests.PIXEL);
	}

	private static Map<String, Object> content(String text) {
		return Map.of("contents", List.of(Map.of("role", "user", "parts", List.of(Map.of("text", text)))));
	}

	private HttpResponse<String> send(String header, String key, String model, Object body) throws Exception {
		String path = "/v1beta/models/" + model + ":generateContent" + ((header == null) ? "?key=" + key : "");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.fake.url() + path))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)));
		if (header != null) {
			request.header(header, key);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
