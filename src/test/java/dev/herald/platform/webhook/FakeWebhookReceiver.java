package dev.herald.platform.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.platform.FakePlatformServer;

/**
 * A webhook receiver as a careful integrator writes one: it checks
 * {@code Herald-Signature} (401 when it does not match), acts once per
 * {@code Idempotency-Key} (a repeat gets the first answer) and answers {@code {"id":
 * ...}}. Faults are injected per request.
 */
final class FakeWebhookReceiver implements FakePlatformServer, AutoCloseable {

	private final HttpServer server;

	private final String secret;

	private final Map<String, String> accepted = new ConcurrentHashMap<>();

	private final AtomicReference<Fault> next = new AtomicReference<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

	private sealed interface Fault {

		record Status(int code) implements Fault {
		}

		record RateLimit(Duration reset) implements Fault {
		}

		record Delay(Duration delay) implements Fault {
		}

	}

	FakeWebhookReceiver(String secret) {
		this.secret = secret;
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
		this.server.createContext("/hook", this::handle);
		this.server.start();
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook");
	}

	@Override
	public int accepted() {
		return this.accepted.size();
	}

	@Override
	public int inFlight() {
		return this.inFlight.get();
	}

	@Override
	public void failNext(int status) {
		this.next.set(new Fault.Status(status));
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
		byte[] body = exchange.getRequestBody().readAllBytes();
		Fault fault = this.next.getAndSet(null);
		if (fault instanceof Fault.Delay delay) {
			// a slow platform: the answer comes later, from another thread
			this.inFlight.incrementAndGet();
			this.later.schedule(() -> {
				try {
					receive(exchange, body);
				}
				finally {
					this.inFlight.decrementAndGet();
				}
				return null;
			}, delay.delay().toMillis(), TimeUnit.MILLISECONDS);
			return;
		}
		if (fault instanceof Fault.Status status) {
			answer(exchange, status.code(), "{\"error\":\"injected fault\"}");
			return;
		}
		else if (fault instanceof Fault.RateLimit limit) {
			exchange.getResponseHeaders().add("Retry-After", Long.toString(limit.reset().toSeconds()));
			answer(exchange, 429, "{\"error\":\"slow down\"}");
			return;
		}
		receive(exchange, body);
	}

	private void receive(HttpExchange exchange, byte[] body) throws IOException {
		String signature = exchange.getRequestHeaders().getFirst(WebhookPlatform.SIGNATURE_HEADER);
		String timestamp = (signature != null) ? signature.replaceAll("^t=(\\d+),.*$", "$1") : "";
		if (signature == null || !signature.equals(WebhookPlatform.signature(this.secret, timestamp, body))
				|| Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
			answer(exchange, 401, "{\"error\":\"bad signature\"}");
			return;
		}
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		String id = this.accepted.computeIfAbsent(key, (k) -> "hook-" + this.accepted.size());
		answer(exchange, 200, "{\"id\":\"" + id + "\"}");
	}

	private static void answer(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
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
