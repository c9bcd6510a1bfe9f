package dev.herald.studio;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.sun.net.httpserver.HttpExchange;
import dev.herald.platform.FakeHttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake of Anthropic's Messages API ({@code POST /v1/messages}), answering as Anthropic
 * does: a {@code message} with its content blocks and a {@code usage} block (tokens
 * counted as about four characters each, an image as {@value #IMAGE_TOKENS}), the
 * {@code request-id} and {@code anthropic-ratelimit-*} headers, and Anthropic's error
 * bodies ({@code {"type":"error","error":{"type":...,"message":...}}}) for a wrong key
 * (401 {@code authentication_error}), a missing {@code anthropic-version} or a malformed
 * request (400 {@code invalid_request_error}), a model it does not serve (404
 * {@code not_found_error}), a rate limit (429 {@code rate_limit_error} with
 * {@code retry-after}), a server error (500 {@code api_error}) and an overload (529
 * {@code overloaded_error}). Images come as {@code image} blocks with a base64 (or URL)
 * source, checked as Anthropic checks them. What it answers is chosen by the test: a
 * responder for requests whose text contains a marker, answers queued for the next
 * requests, or an echo. Latency and faults come from {@link FakeHttpServer}.
 */
public final class FakeAnthropic extends FakeModelServer {

	/** Tokens an image counts for (Anthropic counts about width × height / 750). */
	public static final int IMAGE_TOKENS = 1600;

	private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

	private final Deque<Integer> failures = new ConcurrentLinkedDeque<>();

	private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();

	public FakeAnthropic(String apiKey) {
		this(0, apiKey);
	}

	public FakeAnthropic(int port, String apiKey) {
		super(port, apiKey, "the fake Claude");
	}

	/** Answers the next {@code times} requests with this status and Anthropic's error. */
	public void failNext(int status, int times) {
		for (int i = 0; i < times; i++) {
			this.failures.add(status);
		}
	}

	/** Answers 404 {@code not_found_error} for this model from now on. */
	public void withdrawModel(String model) {
		this.withdrawn.add(model);
	}

	@Override
	protected void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		if (!"POST".equals(exchange.getRequestMethod()) || !path.equals("/v1/messages")) {
			sendError(exchange, 404, "not_found_error", "Not Found", Map.of());
			return;
		}
		String given = exchange.getRequestHeaders().getFirst("x-api-key");
		if (given == null || !given.equals(this.apiKey)) {
			sendError(exchange, 401, "authentication_error", "invalid x-api-key", Map.of());
			return;
		}
		if (exchange.getRequestHeaders().getFirst("anthropic-version") == null) {
			sendError(exchange, 400, "invalid_request_error", "anthropic-version: header is required", Map.of());
			return;
		}
		JsonNode request;
		try {
			request = this.json.readTree(exchange.getRequestBody().readAllBytes());
		}
		catch (JacksonException ex) {
			sendError(exchange, 400, "invalid_request_error",
					"There was an issue with your request body: it is not valid JSON", Map.of());
			return;
		}
		received(request);
		String invalid = invalid(request);
		if (invalid != null) {
			sendError(exchange, 400, "invalid_request_error", invalid, Map.of());
			return;
		}
		String model = request.get("model").asString();
		if (this.withdrawn.contains(model)) {
			sendError(exchange, 404, "not_found_error", "model: " + model, Map.of());
			return;
		}
		Integer failure = this.failures.poll();
		Fault fault = (failure != null) ? new Fault.Status(failure) : publishFault();
		switch (fault) {
			case null -> answer(exchange, request);
			case Fault.Status status -> fail(exchange, status.code(), model);
			case Fault.RateLimit limit -> rateLimit(exchange, limit.reset());
			case Fault.Delay delay -> later(delay.delay(), () -> answer(exchange, request));
			case Fault.Hold hold -> later(hold.delay(), () -> answer(exchange, request));
		}
	}

	/** What Anthropic would refuse in the request, or {@code null}. */
	private static @Nullable String invalid(JsonNode request) {
		if (!request.path("model").isString()) {
			return "model: Field required";
		}
		if (!request.path("max_tokens").isIntegralNumber()) {
			return "max_tokens: Field required";
		}
		JsonNode messages = request.path("messages");
		if (!messages.isArray() || messages.isEmpty()) {
			return "messages: Field required";
		}
		for (int m = 0; m < messages.size(); m++) {
			JsonNode message = messages.get(m);
			String role = message.path("role").asString("");
			if (!role.equals("user") && !role.equals("assistant")) {
				return "messages." + m + ".role: Input should be 'user' or 'assistant'";
			}
			JsonNode content = message.path("content");
			if (content.isString()) {
				continue;
			}
			for (int b = 0; b < content.size(); b++) {
				JsonNode block = content.get(b);
				String where = "messages." + m + ".content." + b;
				switch (block.path("type").asString("")) {
					case "text" -> {
						if (!block.path("text").isString()) {
							return where + ".text: Field required";
						}
					}
					case "image" -> {
						String wrong = invalidImage(block.path("source"), where + ".image.source");
						if (wrong != null) {
							return wrong;
						}
					}
					default -> {
						return where + ".type: Input tag '" + block.path("type").asString("")
								+ "' does not match any of the expected tags";
					}
				}
			}
		}
		return null;
	}

	private static @Nullable String invalidImage(JsonNode source, String where) {
		switch (source.path("type").asString("")) {
			case "base64" -> {
				if (!IMAGE_TYPES.contains(source.path("media_type").asString(""))) {
					return where + ".base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or "
							+ "'image/webp'";
				}
				try {
					if (Base64.getDecoder().decode(source.path("data").asString("")).length == 0) {
						return where + ".base64.data: Image data is empty";
					}
				}
				catch (IllegalArgumentException ex) {
					return where + ".base64.data: Image does not match the provided media type or is not valid base64";
				}
				return null;
			}
			case "url" -> {
				return source.path("url").asString("").startsWith("https://") ? null
						: where + ".url.url: Only HTTPS URLs are supported";
			}
			default -> {
				return where + ".type: Input tag '" + source.path("type").asString("")
						+ "' does not match any of the expected tags: 'base64', 'url'";
			}
		}
	}

	private void fail(HttpExchange exchange, int status, String model) throws IOException {
		switch (status) {
			case 400 -> sendError(exchange, 400, "invalid_request_error", "Invalid request", Map.of());
			case 401 -> sendError(exchange, 401, "authentication_error", "invalid x-api-key", Map.of());
			case 403 -> sendError(exchange, 403, "permission_error",
					"Your API key does not have permission to use the specified resource.", Map.of());
			case 404 -> sendError(exchange, 404, "not_found_error", "model: " + model, Map.of());
			case 429 -> rateLimit(exchange, Duration.ofSeconds(1));
			case 529 -> sendError(exchange, 529, "overloaded_error", "Overloaded", Map.of());
			default -> sendError(exchange, status, "api_error", "Internal server error", Map.of());
		}
	}

	private void rateLimit(HttpExchange exchange, Duration reset) throws IOException {
		long seconds = Math.max(1, reset.toSeconds());
		sendError(exchange, 429, "rate_limit_error",
				"This request would exceed the rate limit for your organization of 50 requests per minute. "
						+ "For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response "
						+ "headers for current usage. Please reduce the prompt length or the maximum tokens requested, "
						+ "or try again later.",
				Map.of("retry-after", Long.toString(seconds), "anthropic-ratelimit-requests-limit", "50",
						"anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-reset",
						now().plusSeconds(seconds).toString()));
	}

	private void answer(HttpExchange exchange, JsonNode request) throws IOException {
		String content = content(request);
		ObjectNode body = this.json.createObjectNode();
		body.put("id", "msg_01" + UUID.randomUUID().toString().replace("-", "").substring(0, 22));
		body.put("type", "message");
		body.put("role", "assistant");
		body.put("model", request.get("model").asString());
		ObjectNode text = body.putArray("content").addObject();
		text.put("type", "text");
		text.put("text", content);
		body.put("stop_reason", "end_turn");
		body.putNull("stop_sequence");
		ObjectNode usage = body.putObject("usage");
		usage.put("input_tokens", tokens(texts(request)) + IMAGE_TOKENS * images(request).size());
		usage.put("cache_creation_input_tokens", 0);
		usage.put("cache_read_input_tokens", 0);
		usage.put("output_tokens", tokens(content));
		usage.put("service_tier", "standard");
		answered();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("request-id", requestId());
		headers.put("anthropic-organization-id", "00000000-0000-4000-8000-00000000fa4e");
		headers.put("anthropic-ratelimit-requests-limit", "50");
		headers.put("anthropic-ratelimit-requests-remaining", "49");
		headers.put("anthropic-ratelimit-requests-reset", now().plusSeconds(1).toString());
		sendJson(exchange, 200, body, headers);
	}

	/** The system prompt and the text of every message, in order, one per line. */
	@Override
	public String prompt(JsonNode request) {
		return texts(request);
	}

	public static String texts(JsonNode request) {
		List<String> texts = new ArrayList<>();
		JsonNode system = request.path("system");
		if (system.isString()) {
			texts.add(system.asString());
		}
		else {
			system.forEach((block) -> texts.add(block.path("text").asString("")));
		}
		for (JsonNode message : request.path("messages")) {
			JsonNode content = message.path("content");
			if (content.isString()) {
				texts.add(content.asString());
			}
			else {
				for (JsonNode block : content) {
					if ("text".equals(block.path("type").asString(""))) {
						texts.add(block.path("text").asString(""));
					}
				}
			}
		}
		return String.join("\n", texts);
	}

	/** The image blocks' sources of every message, in order. */
	public static List<JsonNode> images(JsonNode request) {
		List<JsonNode> images = new ArrayList<>();
		for (JsonNode message : request.path("messages")) {
			for (JsonNode block : message.path("content")) {
				if ("image".equals(block.path("type").asString(""))) {
					images.add(block.path("source"));
				}
			}
		}
		return images;
	}

	private void sendError(HttpExchange exchange, int status, String type, String message, Map<String, String> headers)
			throws IOException {
		ObjectNode body = this.json.createObjectNode();
		body.put("type", "error");
		ObjectNode error = body.putObject("error");
		error.put("type", type);
		error.put("message", message);
		String requestId = requestId();
		body.put("request_id", requestId);
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("request-id", requestId);
		all.put("x-should-retry", Boolean.toString(status == 429 || status >= 500));
		sendJson(exchange, status, body, all);
	}

	private static String requestId() {
		return "req_011C" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
	}

}
