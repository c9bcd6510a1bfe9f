package dev.herald.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the fake platforms share: a JDK {@link HttpServer} on 127.0.0.1 whose handlers run
 * on virtual threads (so that thousands of requests may wait at once), the faults a test
 * injects into the next publish, and the latency and random fault rates a benchmark sets
 * for every publish. A delayed answer is never a sleeping thread: it is scheduled, then
 * handed back to a virtual thread.
 */
public abstract class FakeHttpServer implements FakePlatformServer, AutoCloseable {

	/** Past Herald's default read timeout (30 s): a publish that times out. */
	private static final Duration DEFAULT_TIMEOUT_DELAY = Duration.ofSeconds(35);

	private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";

	/** Connections the kernel may queue before the server accepts them. */
	private static final int BACKLOG = 4096;

	static {
		// A platform keeps a client's idle keep-alive connections open for a while; the
		// JDK's server closes every one over 200 the moment it has answered, so a client
		// with more in its pool would send into connections being closed. Read once, when
		// the first server of the JVM starts: the test JVM also sets it on its command
		// line.
		if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
			System.setProperty(MAX_IDLE_CONNECTIONS, "4096");
		}
	}

	protected final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("fake-timer").factory());

	private final AtomicReference<@Nullable Fault> next = new AtomicReference<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile Supplier<Instant> clock = Instant::now;

	private volatile Duration latency = Duration.ZERO;

	private volatile double serverErrorRate;

	private volatile double timeoutRate;

	private volatile Duration timeoutDelay = DEFAULT_TIMEOUT_DELAY;

	private volatile double rateLimitRate;

	private volatile Duration rateLimitReset = Duration.ofSeconds(1);

	/** Seeded, so that a benchmark's faults come out the same on every run. */
	private Random random = new Random(0);

	/**
	 * A fault of one publish.
	 */
	protected sealed interface Fault {

		/** Answer this status with the platform's error body; nothing is published. */
		record Status(int code) implements Fault {
		}

		/** Answer 429 with the platform's headers, the limit resetting after the wait. */
		record RateLimit(Duration reset) implements Fault {
		}

		/**
		 * Answer only after the delay; whether the post exists meanwhile is the fake's
		 * choice, as on its platform.
		 */
		record Delay(Duration delay) implements Fault {
		}

		/**
		 * Accept the post now and answer only after the delay: the platform holds it
		 * while its client still waits (or has died).
		 */
		record Hold(Duration delay) implements Fault {
		}

	}

	/** An action that writes an answer. */
	@FunctionalInterface
	protected interface Answering {

		void run() throws IOException;

	}

	/**
	 * Starts the server.
	 * @param port the port on 127.0.0.1, or 0 for any free one
	 * @param context the path below which requests reach {@link #handle}
	 */
	protected FakeHttpServer(int port, String context) {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), BACKLOG);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, ex);
		}
		this.server.setExecutor(this.handlers);
		this.server.createContext(context, (exchange) -> {
			try {
				handle(exchange);
			}
			catch (RuntimeException ex) {
				send(exchange, 500, "application/json", "{\"error\":\"Internal Server Error\"}".getBytes(), Map.of());
			}
		});
		this.server.start();
	}

	/** Answers one request (or arranges for it to be answered later). */
	protected abstract void handle(HttpExchange exchange) throws IOException;

	/** {@code http://127.0.0.1:<port>}. */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
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

	/**
	 * Accepts the next publish at once and answers it only after this delay: a client
	 * killed meanwhile leaves a post on the platform that it never heard of.
	 */
	public void holdNextAnswer(Duration delay) {
		this.next.set(new Fault.Hold(delay));
	}

	/** Answers every publish after this delay, as a distant or busy platform does. */
	public void latency(Duration latency) {
		this.latency = latency;
	}

	/**
	 * Random faults of publishes: this share answers 503 (nothing published), that share
	 * is answered only after {@link #timeoutDelay(Duration)}, past a client's timeout.
	 * Decided by the seeded random of {@link #seed(long)}.
	 */
	public void faultRates(double serverErrorRate, double timeoutRate) {
		if (serverErrorRate < 0 || timeoutRate < 0 || serverErrorRate + timeoutRate > 1) {
			throw new IllegalArgumentException("Rates are shares between 0 and 1, together at most 1");
		}
		this.serverErrorRate = serverErrorRate;
		this.timeoutRate = timeoutRate;
	}

	/**
	 * Random rate limits: this share of publishes is answered 429 with the platform's
	 * rate-limit headers, the limit resetting after {@code reset}. Drawn after the fault
	 * rates of {@link #faultRates(double, double)}, from the same seeded random.
	 */
	public void rateLimits(double share, Duration reset) {
		if (share < 0 || share > 1) {
			throw new IllegalArgumentException("The share is between 0 and 1");
		}
		this.rateLimitRate = share;
		this.rateLimitReset = reset;
	}

	/** How late a publish that times out is answered (35 s unless changed). */
	public void timeoutDelay(Duration delay) {
		this.timeoutDelay = delay;
	}

	/**
	 * Starts the random faults over from this seed: the same seed gives the same sequence
	 * of faults (in the order requests arrive).
	 */
	public synchronized void seed(long seed) {
		this.random = new Random(seed);
	}

	/**
	 * The fault of this publish: the one a test injected, else a random one, else the
	 * latency; {@code null} to answer now.
	 */
	/**
	 * The clock the fake's times follow (rate-limit resets, expiries, a signature's age):
	 * a test that moves Herald's clock forward hands it here, as a platform's clock
	 * agrees with Herald's in real life.
	 */
	public void clock(Supplier<Instant> clock) {
		this.clock = clock;
	}

	protected final Instant now() {
		return this.clock.get();
	}

	protected final @Nullable Fault publishFault() {
		Fault injected = this.next.getAndSet(null);
		if (injected != null) {
			return injected;
		}
		if (this.serverErrorRate > 0 || this.timeoutRate > 0 || this.rateLimitRate > 0) {
			double draw;
			double limitDraw;
			synchronized (this) {
				draw = this.random.nextDouble();
				// drawn only when asked for, so that a seed's faults stay as they were
				limitDraw = (this.rateLimitRate > 0) ? this.random.nextDouble() : 1;
			}
			if (draw < this.serverErrorRate) {
				return new Fault.Status(503);
			}
			if (draw < this.serverErrorRate + this.timeoutRate) {
				return new Fault.Delay(this.timeoutDelay);
			}
			if (limitDraw < this.rateLimitRate) {
				return new Fault.RateLimit(this.rateLimitReset);
			}
		}
		Duration latency = this.latency;
		return latency.isPositive() ? new Fault.Delay(latency) : null;
	}

	/**
	 * Runs the answer after the delay, on a virtual thread, counted in
	 * {@link #inFlight()} meanwhile. A client that gave up meanwhile is no failure.
	 */
	protected final void later(Duration delay, Answering answering) {
		this.inFlight.incrementAndGet();
		this.timer.schedule(() -> this.handlers.execute(() -> {
			try {
				answering.run();
			}
			catch (IOException | RuntimeException clientGone) {
				// the client stopped waiting; what the fake did stays done
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		}), delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Answers JSON. */
	protected final void sendJson(HttpExchange exchange, int status, JsonNode body, Map<String, String> headers)
			throws IOException {
		send(exchange, status, "application/json; charset=utf-8", this.json.writeValueAsBytes(body), headers);
	}

	/** Answers and ends the exchange (the connection stays open for the next request). */
	protected static void send(HttpExchange exchange, int status, String contentType, byte[] body,
			Map<String, String> headers) throws IOException {
		headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	/** The query's parameters, each with every value it was given. */
	protected static Map<String, List<String>> query(HttpExchange exchange) {
		return decodeForm(exchange.getRequestURI().getRawQuery());
	}

	/** Parameters of {@code application/x-www-form-urlencoded} text. */
	protected static Map<String, List<String>> decodeForm(@Nullable String form) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		if (form == null || form.isEmpty()) {
			return values;
		}
		for (String pair : form.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			values.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), (key) -> new ArrayList<>())
				.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return values;
	}

	/** The first value of a parameter, or {@code null}. */
	protected static @Nullable String first(Map<String, List<String>> values, String name) {
		List<String> all = values.get(name);
		return (all == null || all.isEmpty()) ? null : all.getFirst();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.timer.shutdownNow();
		this.handlers.shutdownNow();
	}

}
