package dev.herald.studio;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import dev.herald.platform.FakeHttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake of Google's Gemini API ({@code POST /v1beta/models/<model>:generateContent}, the
 * key in {@code x-goog-api-key} or the {@code key} query parameter), answering as Google
 * does: {@code candidates[0].content.parts[].text} with its {@code finishReason},
 * {@code usageMetadata} (tokens counted as about four characters each, an image as
 * {@value #IMAGE_TOKENS}, a thinking model's thoughts apart in
 * {@code thoughtsTokenCount}) and {@code modelVersion}; and Google's error bodies
 * ({@code {"error":{"code","message","status","details"}}}) for a wrong key (400
 * {@code INVALID_ARGUMENT} with the reason {@code API_KEY_INVALID}), a suspended key (403
 * {@code PERMISSION_DENIED}, naming the key as Google does), a model it does not serve
 * (404 {@code NOT_FOUND}), a quota (429 {@code RESOURCE_EXHAUSTED} with a
 * {@code RetryInfo}), a server error (500 {@code INTERNAL}) and an overload (503
 * {@code UNAVAILABLE}). Images come as {@code inlineData} parts, checked as Google checks
 * them. What it answers is chosen by the test: a responder for requests whose text
 * contains a marker, answers queued for the next requests, or an echo. Latency and faults
 * come from {@link FakeHttpServer}.
 */
public final class FakeGemini extends FakeModelServer {

	/** Tokens an image counts for (Gemini counts 258 for a small one). */
	public static final int IMAGE_TOKENS = 258;

	private static final Pattern GENERATE = Pattern.compile("/v1beta/models/([^/:]+):generateContent");

	private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/heic",
			"image/heif");

	private final Deque<Integer> failures = new ConcurrentLinkedDeque<>();

	private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();

	private volatile int thoughts;

	public FakeGemini(String apiKey) {
		this(0, apiKey);
	}

	public FakeGemini(int port, String apiKey) {
		super(port, apiKey, "the fake Gemini");
	}

	/**
	 * Answers the next {@code times} requests with this status and Google's error (401 is
	 * answered as Google answers a wrong key: 400 {@code API_KEY_INVALID}).
	 */
	public void failNext(int status, int times) {
		for (int i = 0; i < times; i++) {
			this.failures.add(status);
		}
	}

	/** Answers 404 {@code NOT_FOUND} for this model from now on. */
	public void withdrawModel(String model) {
		this.withdrawn.add(model);
	}

	/** Thought tokens each answer reports, as a thinking model (2.5) does; 0: none. */
	public void thoughts(int tokens) {
		this.thoughts = tokens;
	}

	@Override
	protected void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		Matcher generate = GENERATE.matcher(path);
		if (!"POST".equals(exchange.getRequestMethod()) || !generate.matches()) {
			sendError(exchange, 404, "NOT_FOUND", "Method not found.", null);
			return;
		}
		String given = exchange.getRequestHeaders().getFirst("x-goog-api-key");
		if (given == null) {
			given = first(query(exchange), "key");
		}
		if (given == null) {
			sendError(exchange, 403, "PERMISSION_DENIED",
					"Method doesn't allow unregistered callers (callers without established identity). "
							+ "Please use API Key or other form of API consumer identity to call this API.",
					null);
			return;
		}
		if (!given.equals(this.apiKey)) {
			refuseKey(exchange);
			return;
		}
		String model = generate.group(1);
		JsonNode request;
		try {
			request = this.json.readTree(exchange.getRequestBody().readAllBytes());
		}
		catch (JacksonException ex) {
			sendError(exchange, 400, "INVALID_ARGUMENT",
					"Invalid JSON payload received. Unexpected token.\n" + ex.getOriginalMessage(), null);
			return;
		}
		received(request);
		String invalid = invalid(request);
		if (invalid != null) {
			sendError(exchange, 400, "INVALID_ARGUMENT", invalid, null);
			return;
		}
		if (this.withdrawn.contains(model)) {
			sendError(exchange, 404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or is "
					+ "not supported for generateContent. Call ListModels to see the list of available models and "
					+ "their supported methods.", null);
			return;
		}
		Integer failure = this.failures.poll();
		Fault fault = (failure != null) ? new Fault.Status(failure) : publishFault();
		switch (fault) {
			case null -> answer(exchange, model, request);
			case Fault.Status status -> fail(exchange, status.code(), given, model);
			case Fault.RateLimit limit -> quota(exchange, model, limit.reset());
			case Fault.Delay delay -> later(delay.delay(), () -> answer(exchange, model, request));
			case Fault.Hold hold -> later(hold.delay(), () -> answer(exchange, model, request));
		}
	}

	/** What Google would refuse in the request, or {@code null}. */
	private static @Nullable String invalid(JsonNode request) {
		JsonNode contents = request.path("contents");
		if (!contents.isArray() || contents.isEmpty()) {
			return "* GenerateContentRequest.contents: contents is not specified";
		}
		for (int c = 0; c < contents.size(); c++) {
			JsonNode content = contents.get(c);
			String role = content.path("role").asString("user");
			if (!role.equals("user") && !role.equals("model")) {
				return "Please use a valid role: user, model.";
			}
			JsonNode parts = content.path("parts");
			if (!parts.isArray() || parts.isEmpty()) {
				return "* GenerateContentRequest.contents[" + c + "].parts: contents.parts must not be empty.";
			}
			for (int p = 0; p < parts.size(); p++) {
				JsonNode part = parts.get(p);
				JsonNode inline = either(part, "inlineData", "inline_data");
				if (inline.isMissingNode()) {
					if (!part.path("text").isString() && either(part, "fileData", "file_data").isMissingNode()) {
						return "* GenerateContentRequest.contents[" + c + "].parts[" + p
								+ "].data: required oneof field 'data' must have one initialized field";
					}
					continue;
				}
				String mimeType = either(inline, "mimeType", "mime_type").asString("");
				if (!IMAGE_TYPES.contains(mimeType) && !mimeType.startsWith("video/") && !mimeType.startsWith("audio/")
						&& !mimeType.equals("application/pdf") && !mimeType.startsWith("text/")) {
					return "Unsupported MIME type: " + mimeType;
				}
				try {
					if (Base64.getDecoder().decode(inline.path("data").asString("")).length == 0) {
						return "* GenerateContentRequest.contents[" + c + "].parts[" + p
								+ "].inline_data.data: data is empty";
					}
				}
				catch (IllegalArgumentException ex) {
					return "Invalid value at 'contents[" + c + "].parts[" + p
							+ "].inline_data.data' (TYPE_BYTES), Base64 decoding failed";
				}
			}
		}
		return null;
	}

	private void fail(HttpExchange exchange, int status, String key, String model) throws IOException {
		switch (status) {
			// a key revoked since: as a wrong one
			case 400, 401 -> refuseKey(exchange);
			case 403 -> {
				// Google names the key in this one
				ObjectNode info = this.json.createObjectNode();
				info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
				info.put("reason", "CONSUMER_SUSPENDED");
				info.put("domain", "googleapis.com");
				info.putObject("metadata")
					.put("consumer", "projects/000000000000")
					.put("service", "generativelanguage.googleapis.com");
				sendError(exchange, 403, "PERMISSION_DENIED",
						"Permission denied: Consumer 'api_key:" + key + "' has been suspended.", List.of(info));
			}
			case 404 -> sendError(exchange, 404, "NOT_FOUND", "models/" + model + " is not found for API version "
					+ "v1beta, or is not supported for generateContent. Call ListModels to see the list of available "
					+ "models and their supported methods.", null);
			case 429 -> quota(exchange, model, Duration.ofSeconds(1));
			case 503 ->
				sendError(exchange, 503, "UNAVAILABLE", "The model is overloaded. Please try again later.", null);
			default -> sendError(exchange, status, "INTERNAL", "An internal error has occurred. Please retry or "
					+ "report in https://developers.generativeai.google/guide/troubleshooting", null);
		}
	}

	private void refuseKey(HttpExchange exchange) throws IOException {
		ObjectNode info = this.json.createObjectNode();
		info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
		info.put("reason", "API_KEY_INVALID");
		info.put("domain", "googleapis.com");
		info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
		ObjectNode localized = this.json.createObjectNode();
		localized.put("@type", "type.googleapis.com/google.rpc.LocalizedMessage");
		localized.put("locale", "en-US");
		localized.put("message", "API key not valid. Please pass a valid API key.");
		sendError(exchange, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
				List.of(info, localized));
	}

	private void quota(HttpExchange exchange, String model, Duration reset) throws IOException {
		ObjectNode failure = this.json.createObjectNode();
		failure.put("@type", "type.googleapis.com/google.rpc.QuotaFailure");
		ObjectNode violation = failure.putArray("violations").addObject();
		violation.put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests");
		violation.put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
		violation.putObject("quotaDimensions").put("location", "global").put("model", model);
		violation.put("quotaValue", "10");
		ObjectNode help = this.json.createObjectNode();
		help.put("@type", "type.googleapis.com/google.rpc.Help");
		help.putArray("links")
			.addObject()
			.put("description", "Learn more about Gemini API quotas")
			.put("url", "https://ai.google.dev/gemini-api/docs/rate-limits");
		ObjectNode retry = this.json.createObjectNode();
		retry.put("@type", "type.googleapis.com/google.rpc.RetryInfo");
		retry.put("retryDelay", Math.max(1, reset.toSeconds()) + "s");
		sendError(exchange, 429, "RESOURCE_EXHAUSTED",
				"You exceeded your current quota, please check your plan and billing details. For more information "
						+ "on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
				List.of(failure, help, retry));
	}

	private void answer(HttpExchange exchange, String model, JsonNode request) throws IOException {
		String content = content(request);
		ObjectNode body = this.json.createObjectNode();
		ObjectNode candidate = body.putArray("candidates").addObject();
		ObjectNode message = candidate.putObject("content");
		message.putArray("parts").addObject().put("text", content);
		message.put("role", "model");
		candidate.put("finishReason", "STOP");
		candidate.put("index", 0);
		int images = images(request).size();
		int textTokens = tokens(texts(request));
		int promptTokens = textTokens + IMAGE_TOKENS * images;
		int candidatesTokens = tokens(content);
		int thoughtTokens = this.thoughts;
		ObjectNode usage = body.putObject("usageMetadata");
		usage.put("promptTokenCount", promptTokens);
		usage.put("candidatesTokenCount", candidatesTokens);
		usage.put("totalTokenCount", promptTokens + candidatesTokens + thoughtTokens);
		ArrayNode details = usage.putArray("promptTokensDetails");
		details.addObject().put("modality", "TEXT").put("tokenCount", textTokens);
		if (images > 0) {
			details.addObject().put("modality", "IMAGE").put("tokenCount", IMAGE_TOKENS * images);
		}
		if (thoughtTokens > 0) {
			usage.put("thoughtsTokenCount", thoughtTokens);
		}
		body.put("modelVersion", model);
		body.put("responseId", UUID.randomUUID().toString().replace("-", "").substring(0, 22));
		answered();
		sendJson(exchange, 200, body, Map.of());
	}

	/** The system instruction and the text of every content, in order, one per line. */
	@Override
	public String prompt(JsonNode request) {
		return texts(request);
	}

	public static String texts(JsonNode request) {
		List<String> texts = new ArrayList<>();
		for (JsonNode part : either(request, "systemInstruction", "system_instruction").path("parts")) {
			if (part.path("text").isString()) {
				texts.add(part.path("text").asString());
			}
		}
		for (JsonNode content : request.path("contents")) {
			for (JsonNode part : content.path("parts")) {
				if (part.path("text").isString()) {
					texts.add(part.path("text").asString());
				}
			}
		}
		return String.join("\n", texts);
	}

	/** The {@code inlineData} of every content's parts, in order. */
	public static List<JsonNode> images(JsonNode request) {
		List<JsonNode> images = new ArrayList<>();
		for (JsonNode content : request.path("contents")) {
			for (JsonNode part : content.path("parts")) {
				JsonNode inline = either(part, "inlineData", "inline_data");
				if (!inline.isMissingNode()) {
					images.add(inline);
				}
			}
		}
		return images;
	}

	private static JsonNode either(JsonNode node, String camel, String snake) {
		JsonNode value = node.path(camel);
		return value.isMissingNode() ? node.path(snake) : value;
	}

	private void sendError(HttpExchange exchange, int status, String code, String message,
			@Nullable List<ObjectNode> details) throws IOException {
		ObjectNode body = this.json.createObjectNode();
		ObjectNode error = body.putObject("error");
		error.put("code", status);
		error.put("message", message);
		error.put("status", code);
		if (details != null) {
			ArrayNode array = error.putArray("details");
			details.forEach(array::add);
		}
		sendJson(exchange, status, body, Map.of());
	}

}
