package dev.herald.studio;

import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.herald.platform.FakeHttpServer;
import tools.jackson.databind.JsonNode;

/**
 * What the fakes of the model providers' APIs share: the key they accept, what the test
 * has them answer (a responder for requests whose prompt contains a text, the newest
 * first; answers queued for the next requests; else an echo), the requests received with
 * the right key, and the answers given. Each fake reads its API's own request and writes
 * its own answers and errors.
 */
public abstract class FakeModelServer extends FakeHttpServer {

	protected final String apiKey;

	private final String name;

	private final List<Responder> responders = new CopyOnWriteArrayList<>();

	private final Deque<String> queued = new ConcurrentLinkedDeque<>();

	private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger answered = new AtomicInteger();

	private record Responder(Predicate<String> when, Function<JsonNode, String> content) {
	}

	/**
	 * @param name how the echo names the model ("the fake Claude")
	 */
	protected FakeModelServer(int port, String apiKey, String name) {
		super(port, "/");
		this.apiKey = apiKey;
		this.name = name;
	}

	/** The base URL a client is configured with (without a version path). */
	public String url() {
		return baseUrl().toString();
	}

	/**
	 * Answers requests whose prompt contains {@code marker} with what {@code content}
	 * makes of the request; the newest responder that matches wins.
	 */
	public void respond(String marker, Function<JsonNode, String> content) {
		this.responders.addFirst(new Responder((text) -> text.contains(marker), content));
	}

	/** Answers the next request with this text, whatever it asks (malformed JSON too). */
	public void answerNext(String content) {
		this.queued.add(content);
	}

	/** Every request received with the right key, in order, as sent. */
	public List<JsonNode> requests() {
		return List.copyOf(this.requests);
	}

	/** Answers given with a model's text. */
	@Override
	public int accepted() {
		return this.answered.get();
	}

	/**
	 * The prompt of a request: its texts in order, one per line, as this API carries
	 * them.
	 */
	public abstract String prompt(JsonNode request);

	/** Keeps a request that came with the right key. */
	protected void received(JsonNode request) {
		this.requests.add(request);
	}

	/** Counts an answer given with a model's text. */
	protected void answered() {
		this.answered.incrementAndGet();
	}

	/** What the model says to a request: queued, from a responder, or an echo. */
	protected String content(JsonNode request) {
		String next = this.queued.poll();
		if (next != null) {
			return next;
		}
		String text = prompt(request);
		for (Responder responder : this.responders) {
			if (responder.when().test(text)) {
				return responder.content().apply(request);
			}
		}
		String last = text.substring(Math.max(0, text.length() - 80)).strip();
		return "A post from " + this.name + " about: " + last;
	}

	/** Tokens as the providers roughly count them: about four bytes each. */
	protected static int tokens(String text) {
		return Math.max(1, text.getBytes(StandardCharsets.UTF_8).length / 4);
	}

}
