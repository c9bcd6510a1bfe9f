package dev.herald.studio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import dev.herald.platform.FakeHttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake of the OpenAI chat-completions API ({@code POST /v1/chat/completions}, and
 * {@code /chat/completions} for base URLs that end in {@code /v1}), answering as OpenAI
 * and the compatible servers do: a {@code chat.completion} with a {@code usage} block
 * (tokens counted as about four characters each), and OpenAI's error bodies for a wrong
 * key (401 {@code invalid_api_key}), a rate limit (429 with {@code retry-after} and the
 * {@code x-ratelimit-*} headers) and server errors. What it answers is chosen by the
 * test: a responder for requests whose messages contain a text, answers queued for the
 * next requests, or an echo. Latency and faults come from {@link FakeHttpServer}.
 */
public final class FakeOpenAi extends FakeModelServer {

	public FakeOpenAi(String apiKey) {
		this(0, apiKey);
	}

	public FakeOpenAi(int port, String apiKey) {
		super(port, apiKey, "the fake model");
	}

	@Override
	protected void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		if (!"POST".equals(exchange.getRequestMethod())
				|| !(path.equals("/v1/chat/completions") || path.equals("/chat/completions"))) {
			sendJson(exchange, 404, error("Invalid URL (" + exchange.getRequestMethod() + " " + path + ")",
					"invalid_request_error", null), Map.of());
			return;
		}
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		String given = (authorization != null) ? authorization.replaceFirst("^Bearer ", "") : "";
		if (!given.equals(this.apiKey)) {
			refuseKey(exchange, given);
			return;
		}
		JsonNode request = this.json.readTree(exchange.getRequestBody().readAllBytes());
		received(request);
		Fault fault = publishFault();
		switch (fault) {
			case null -> answer(exchange, request);
			// a key revoked since: as a wrong one
			case Fault.Status status when status.code() == 401 -> refuseKey(exchange, given);
			case Fault.Status status -> sendJson(exchange, status.code(),
					error("The server had an error while processing your request. Sorry about that!", "server_error",
							null),
					Map.of());
			case Fault.RateLimit limit -> sendJson(exchange, 429,
					error("Rate limit reached for requests. Please try again in " + limit.reset().toSeconds() + "s.",
							"requests", "rate_limit_exceeded"),
					Map.of("retry-after", Long.toString(Math.max(1, limit.reset().toSeconds())),
							"x-ratelimit-limit-requests", "500", "x-ratelimit-remaining-requests", "0",
							"x-ratelimit-reset-requests", limit.reset().toSeconds() + "s"));
			case Fault.Delay delay -> later(delay.delay(), () -> answer(exchange, request));
			case Fault.Hold hold -> later(hold.delay(), () -> answer(exchange, request));
		}
	}

	private void refuseKey(HttpExchange exchange, String given) throws IOException {
		sendJson(exchange, 401,
				error("Incorrect API key provided: " + mask(given)
						+ ". You can find your API key at https://platform.openai.com/account/api-keys.",
						"invalid_request_error", "invalid_api_key"),
				Map.of());
	}

	private void answer(HttpExchange exchange, JsonNode request) throws IOException {
		String content = content(request);
		String prompt = messages(request);
		ObjectNode body = this.json.createObjectNode();
		body.put("id", "chatcmpl-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
		body.put("object", "chat.completion");
		body.put("created", now().getEpochSecond());
		body.put("model", request.path("model").asString("gpt-4o-mini"));
		ObjectNode choice = body.putArray("choices").addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message");
		message.put("role", "assistant");
		message.put("content", content);
		message.putNull("refusal");
		message.putArray("annotations");
		choice.putNull("logprobs");
		choice.put("finish_reason", "stop");
		int promptTokens = tokens(prompt);
		int completionTokens = tokens(content);
		ObjectNode usage = body.putObject("usage");
		usage.put("prompt_tokens", promptTokens);
		usage.put("completion_tokens", completionTokens);
		usage.put("total_tokens", promptTokens + completionTokens);
		usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
		usage.putObject("completion_tokens_details")
			.put("reasoning_tokens", 0)
			.put("audio_tokens", 0)
			.put("accepted_prediction_tokens", 0)
			.put("rejected_prediction_tokens", 0);
		body.put("service_tier", "default");
		body.put("system_fingerprint", "fp_fake0001");
		answered();
		sendJson(exchange, 200, body, Map.of("openai-processing-ms", "1", "x-request-id",
				"req_" + UUID.randomUUID().toString().replace("-", "")));
	}

	/** The texts of every message, in order, one per line. */
	@Override
	public String prompt(JsonNode request) {
		return messages(request);
	}

	static String messages(JsonNode request) {
		List<String> texts = new ArrayList<>();
		for (JsonNode message : request.path("messages")) {
			JsonNode content = message.path("content");
			if (content.isString()) {
				texts.add(content.asString());
			}
			else {
				for (JsonNode part : content) {
					if (part.hasNonNull("text")) {
						texts.add(part.get("text").asString());
					}
				}
			}
		}
		return String.join("\n", texts);
	}

	private ObjectNode error(String message, String type, @Nullable String code) {
		ObjectNode body = this.json.createObjectNode();
		ObjectNode error = body.putObject("error");
		error.put("message", message);
		error.put("type", type);
		error.putNull("param");
		if (code != null) {
			error.put("code", code);
		}
		else {
			error.putNull("code");
		}
		return body;
	}

	private static String mask(String key) {
		return (key.length() <= 8) ? "sk-***" : key.substring(0, 3) + "*".repeat(8) + key.substring(key.length() - 4);
	}

}
