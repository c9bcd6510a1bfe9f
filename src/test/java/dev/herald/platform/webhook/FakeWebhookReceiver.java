package dev.herald.platform.webhook;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import dev.herald.platform.FakeHttpServer;

/**
 * A webhook receiver as a careful integrator writes one: it checks
 * {@code Herald-Signature} (401 when it does not match or is more than 5 minutes old),
 * acts once per {@code Idempotency-Key} (a repeat gets the first answer) and answers
 * {@code {"id": ...}}. Faults are injected per request.
 */
public final class FakeWebhookReceiver extends FakeHttpServer {

	private final String secret;

	private final Map<String, String> accepted = new ConcurrentHashMap<>();

	private final AtomicInteger ids = new AtomicInteger();

	/** A receiver on any free port. */
	public FakeWebhookReceiver(String secret) {
		this(0, secret);
	}

	/**
	 * A receiver on this port (0 for any free one), checking signatures made with this
	 * secret.
	 */
	public FakeWebhookReceiver(int port, String secret) {
		super(port, "/hook");
		this.secret = secret;
	}

	/** The receiver's URL, the webhook channel's endpoint. */
	public URI url() {
		return URI.create(baseUrl() + "/hook");
	}

	@Override
	public int accepted() {
		return this.accepted.size();
	}

	@Override
	protected void handle(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		switch (publishFault()) {
			case Fault.Delay delay -> later(delay.delay(), () -> receive(exchange, body));
			// a receiver acts on a webhook when it answers: holding is the same as
			// delaying
			case Fault.Hold hold -> later(hold.delay(), () -> receive(exchange, body));
			case Fault.Status status -> answer(exchange, status.code(), "{\"error\":\"injected fault\"}", Map.of());
			case Fault.RateLimit limit -> answer(exchange, 429, "{\"error\":\"slow down\"}",
					Map.of("Retry-After", Long.toString(limit.reset().toSeconds())));
			case null -> receive(exchange, body);
		}
	}

	private void receive(HttpExchange exchange, byte[] body) throws IOException {
		String signature = exchange.getRequestHeaders().getFirst(WebhookPlatform.SIGNATURE_HEADER);
		String timestamp = (signature != null) ? signature.replaceAll("^t=(\\d+),.*$", "$1") : "";
		if (signature == null || !timestamp.matches("\\d{1,12}")
				|| !signature.equals(WebhookPlatform.signature(this.secret, timestamp, body))
				|| Math.abs(now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
			answer(exchange, 401, "{\"error\":\"bad signature\"}", Map.of());
			return;
		}
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		String id = this.accepted.computeIfAbsent((key != null) ? key : UUID.randomUUID().toString(),
				(k) -> "hook-" + this.ids.incrementAndGet());
		answer(exchange, 200, "{\"id\":\"" + id + "\"}", Map.of());
	}

	private static void answer(HttpExchange exchange, int status, String json, Map<String, String> headers)
			throws IOException {
		send(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
	}

}
