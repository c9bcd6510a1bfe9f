package dev.herald.platform.mastodon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.platform.FakePlatformServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Mastodon instance as PLATFORMS.md describes one: {@code GET /api/v2/instance} with
 * its limits, {@code POST /api/v1/statuses} checking the Bearer token (401), the
 * character limit counted the Mastodon way (every link 23 characters; 422) and the reply
 * target (404), acting once per {@code Idempotency-Key} (a repeat answers the same
 * Status), {@code GET /api/v1/statuses/:id} with counts, and {@code X-RateLimit-*}
 * headers on every answer. Faults are injected per request.
 */
final class FakeMastodon implements FakePlatformServer, AutoCloseable {

	private static final Pattern URL = Pattern.compile("https?://\\S+?(?=[.,:;!?)\\]'\"]*(?:\\s|$))",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern STATUS_PATH = Pattern.compile("^/api/v1/statuses/([0-9]+)$");

	private static final int RATE_LIMIT = 300;

	private final HttpServer server;

	private final String token;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, Status> byKey = new ConcurrentHashMap<>();

	private final Map<String, Status> byId = new ConcurrentHashMap<>();

	private final List<Status> statuses = new CopyOnWriteArrayList<>();

	private final AtomicLong ids = new AtomicLong(113_000_000_000_000_000L);

	private final AtomicReference<Fault> next = new AtomicReference<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger remaining = new AtomicInteger(RATE_LIMIT);

	private final AtomicInteger instanceReads = new AtomicInteger();

	private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

	private volatile int maxCharacters = 500;

	private volatile @Nullable Integer maxMediaAttachments = 4;

	private volatile @Nullable Integer charactersReservedPerUrl = 23;

	/**
	 * A status the fake holds.
	 *
	 * @param id its id
	 * @param text the text it was posted with
	 * @param inReplyToId the status it replies to, if any
	 * @param idempotencyKey the key it was posted under
	 */
	record Status(String id, String text, @Nullable String inReplyToId, String idempotencyKey, Instant createdAt) {
	}

	private sealed interface Fault {

		record Code(int code) implements Fault {
		}

		record RateLimit(Duration reset) implements Fault {
		}

		record Delay(Duration delay) implements Fault {
		}

	}

	FakeMastodon(String token) {
		this.token = token;
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** The instance's {@code max_characters} (500 unless changed). */
	void maxCharacters(int maxCharacters) {
		this.maxCharacters = maxCharacters;
	}

	/**
	 * Leaves {@code max_media_attachments} and {@code characters_reserved_per_url} out of
	 * the instance's answer, as an older or trimmed instance might.
	 */
	void omitOptionalLimits() {
		this.maxMediaAttachments = null;
		this.charactersReservedPerUrl = null;
	}

	/** How many times {@code GET /api/v2/instance} was read. */
	int instanceReads() {
		return this.instanceReads.get();
	}

	/** Every status the fake holds, in the order they were created. */
	List<Status> statuses() {
		return List.copyOf(this.statuses);
	}

	Optional<Status> status(String id) {
		return Optional.ofNullable(this.byId.get(id));
	}

	@Override
	public int accepted() {
		return this.statuses.size();
	}

	@Override
	public int inFlight() {
		return this.inFlight.get();
	}

	@Override
	public void failNext(int status) {
		this.next.set(new Fault.Code(status));
	}

	@Override
	public void rateLimitNext(Duration reset) {
		this.next.set(new Fault.RateLimit(reset));
	}

	@Override
	public void delayNext(Duration delay) {
		this.next.set(new Fault.Delay(delay));
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String method = exchange.getRequestMethod();
		if ("GET".equals(method) && "/api/v2/instance".equals(path)) {
			this.instanceReads.incrementAndGet();
			answer(exchange, 200, instance(), null);
		}
		else if ("POST".equals(method) && "/api/v1/statuses".equals(path)) {
			post(exchange);
		}
		else if ("GET".equals(method) && STATUS_PATH.matcher(path).matches()) {
			Matcher matcher = STATUS_PATH.matcher(path);
			matcher.matches();
			Status status = this.byId.get(matcher.group(1));
			if (status == null) {
				answer(exchange, 404, error("Record not found"), null);
			}
			else {
				answer(exchange, 200, render(status), null);
			}
		}
		else {
			answer(exchange, 404, error("Record not found"), null);
		}
	}

	private void post(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		Fault fault = this.next.getAndSet(null);
		if (fault instanceof Fault.Delay delay) {
			// a slow instance: the status is created and answered later, from another
			// thread, after the client has stopped waiting
			this.inFlight.incrementAndGet();
			this.later.schedule(() -> {
				try {
					create(exchange, body);
				}
				catch (IOException clientGone) {
					// the client gave up; the status exists all the same
				}
				finally {
					this.inFlight.decrementAndGet();
				}
			}, delay.delay().toMillis(), TimeUnit.MILLISECONDS);
			return;
		}
		if (fault instanceof Fault.Code code) {
			String message = switch (code.code()) {
				case 401 -> "The access token is invalid";
				case 422 -> "Validation failed: Text can't be blank";
				case 429 -> "Too many requests";
				case 404 -> "Record not found";
				default -> "Something went wrong on our end";
			};
			answer(exchange, code.code(), error(message), null);
			return;
		}
		if (fault instanceof Fault.RateLimit limit) {
			answer(exchange, 429, error("Too many requests"), limit.reset());
			return;
		}
		create(exchange, body);
	}

	private void create(HttpExchange exchange, byte[] body) throws IOException {
		if (!("Bearer " + this.token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			answer(exchange, 401, error("The access token is invalid"), null);
			return;
		}
		JsonNode request;
		try {
			request = this.json.readTree(body);
		}
		catch (RuntimeException notJson) {
			answer(exchange, 400, error("Unexpected token in JSON"), null);
			return;
		}
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		if (key != null) {
			Status known = this.byKey.get(key);
			if (known != null) {
				answer(exchange, 200, render(known), null);
				return;
			}
		}
		String text = request.path("status").asString("");
		if (text.isBlank()) {
			answer(exchange, 422, error("Validation failed: Text can't be blank"), null);
			return;
		}
		if (length(text) > this.maxCharacters) {
			answer(exchange, 422,
					error("Validation failed: Text character limit of " + this.maxCharacters + " exceeded"), null);
			return;
		}
		String inReplyTo = request.hasNonNull("in_reply_to_id") ? request.get("in_reply_to_id").asString() : null;
		if (inReplyTo != null && !this.byId.containsKey(inReplyTo)) {
			answer(exchange, 404, error("Record not found"), null);
			return;
		}
		Status status;
		synchronized (this) {
			Status known = (key != null) ? this.byKey.get(key) : null;
			if (known != null) {
				status = known;
			}
			else {
				status = new Status(Long.toString(this.ids.incrementAndGet()), text, inReplyTo,
						(key != null) ? key : "", Instant.now().truncatedTo(ChronoUnit.MILLIS));
				this.byId.put(status.id(), status);
				this.statuses.add(status);
				if (key != null) {
					this.byKey.put(key, status);
				}
			}
		}
		answer(exchange, 200, render(status), null);
	}

	/**
	 * The length Mastodon counts: code points, with every link as the reserved length.
	 */
	private int length(String text) {
		int perUrl = (this.charactersReservedPerUrl != null) ? this.charactersReservedPerUrl : 23;
		Matcher matcher = URL.matcher(text);
		StringBuilder rest = new StringBuilder();
		int urls = 0;
		int from = 0;
		while (matcher.find()) {
			rest.append(text, from, matcher.start());
			from = matcher.end();
			urls++;
		}
		rest.append(text.substring(from));
		return rest.codePointCount(0, rest.length()) + urls * perUrl;
	}

	private ObjectNode instance() {
		ObjectNode node = this.json.createObjectNode();
		node.put("domain", "127.0.0.1");
		node.put("title", "Fake Mastodon");
		node.put("version", "4.3.0");
		ObjectNode statuses = node.putObject("configuration").putObject("statuses");
		statuses.put("max_characters", this.maxCharacters);
		if (this.maxMediaAttachments != null) {
			statuses.put("max_media_attachments", this.maxMediaAttachments);
		}
		if (this.charactersReservedPerUrl != null) {
			statuses.put("characters_reserved_per_url", this.charactersReservedPerUrl);
		}
		return node;
	}

	private ObjectNode render(Status status) {
		ObjectNode node = this.json.createObjectNode();
		node.put("id", status.id());
		node.put("uri", url() + "/users/herald/statuses/" + status.id());
		node.put("url", url() + "/@herald/" + status.id());
		node.put("created_at", status.createdAt().toString());
		node.put("content", "<p>"
				+ status.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
				+ "</p>");
		node.put("visibility", "public");
		node.put("in_reply_to_id", status.inReplyToId());
		node.put("favourites_count", 0);
		node.put("reblogs_count", 0);
		node.put("replies_count",
				(int) this.statuses.stream().filter((s) -> status.id().equals(s.inReplyToId())).count());
		return node;
	}

	private ObjectNode error(String message) {
		ObjectNode node = this.json.createObjectNode();
		node.put("error", message);
		return node;
	}

	/**
	 * Answers with Mastodon's rate-limit headers; {@code limitedFor} set means the limit
	 * is spent and resets after it.
	 */
	private void answer(HttpExchange exchange, int status, ObjectNode body, @Nullable Duration limitedFor)
			throws IOException {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		int left = (limitedFor != null) ? 0 : Math.max(0, this.remaining.decrementAndGet());
		Instant reset = now.plus((limitedFor != null) ? limitedFor : Duration.ofMinutes(5));
		byte[] bytes = this.json.writeValueAsBytes(body);
		exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
		exchange.getResponseHeaders().add("X-RateLimit-Limit", Integer.toString(RATE_LIMIT));
		exchange.getResponseHeaders().add("X-RateLimit-Remaining", Integer.toString(left));
		exchange.getResponseHeaders().add("X-RateLimit-Reset", reset.toString());
		// one request per connection: the JDK's HttpServer has been seen to leave a
		// reused
		// connection's next request unanswered, which a test would take for a platform
		// timeout
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.later.shutdownNow();
	}

}
