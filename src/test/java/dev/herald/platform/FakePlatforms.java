package dev.herald.platform;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import dev.herald.platform.bluesky.FakeBlueskyPds;
import dev.herald.platform.mastodon.FakeMastodon;
import dev.herald.studio.FakeOpenAi;
import dev.herald.studio.FakeStudioWriter;
import dev.herald.platform.webhook.FakeWebhookReceiver;

import org.springframework.boot.convert.DurationStyle;

/**
 * Runs the fake platforms outside the tests, on fixed ports, until the process is killed:
 * for trying Herald without internet, and for benchmarks that need platforms which answer
 * fast, slowly, or badly on purpose. {@code bench/fakes.sh} starts it.
 * <p>
 * Options, each also a system property {@code fakes.<name>}: {@code --mastodon-port}
 * (9401), {@code --bluesky-port} (9402), {@code --webhook-port} (9403), {@code --latency}
 * of every publish ({@code 0}; {@code 200ms}, {@code 1s}...), {@code --server-errors} and
 * {@code --timeouts} (the share of publishes answered 503, or answered only after
 * {@code --timeout-delay}, 35 s), and {@code --seed} of those random faults (0).
 */
public final class FakePlatforms implements AutoCloseable {

	/** The access token the fake Mastodon accepts for {@code @herald}. */
	public static final String MASTODON_TOKEN = "herald-fake-mastodon-token";

	/** The handle of the fake PDS's account. */
	public static final String BLUESKY_HANDLE = "herald.test";

	/** That account's DID. */
	public static final String BLUESKY_DID = "did:plc:heraldfakeaccount0000";

	/**
	 * The app password of that account, and of any other {@code *.test} handle, which
	 * signs up on first use.
	 */
	public static final String BLUESKY_APP_PASSWORD = "fake-app0-pass-word";

	/** The key the fake OpenAI-compatible endpoint accepts. */
	public static final String OPENAI_KEY = "herald-fake-openai-key";

	/** The secret the fake webhook receiver checks signatures with. */
	public static final String WEBHOOK_SECRET = "herald-fake-webhook-secret";

	private static final String USAGE = """
			Usage: bench/fakes.sh [--mastodon-port 9401] [--bluesky-port 9402] [--webhook-port 9403] [--openai-port 9404]
			                      [--latency 200ms] [--server-errors 0.01] [--timeouts 0.01]
			                      [--timeout-delay 35s] [--seed 0]
			Each option may also be a system property: JAVA_OPTS=-Dfakes.latency=200ms bench/fakes.sh""";

	private final FakeMastodon mastodon;

	private final FakeBlueskyPds bluesky;

	private final FakeWebhookReceiver webhook;

	private final FakeOpenAi openai;

	private final Settings settings;

	/**
	 * How to run the fakes.
	 *
	 * @param mastodonPort the fake Mastodon instance's port
	 * @param blueskyPort the fake PDS's port
	 * @param webhookPort the fake webhook receiver's port
	 * @param latency how late every publish is answered
	 * @param serverErrors the share of publishes answered 503
	 * @param timeouts the share of publishes answered only after {@code timeoutDelay}
	 * @param timeoutDelay how late a publish that times out is answered
	 * @param seed the seed of the random faults
	 */
	public record Settings(int mastodonPort, int blueskyPort, int webhookPort, int openaiPort, Duration latency,
			double serverErrors, double timeouts, Duration timeoutDelay, long seed) {

		private static final Map<String, String> DEFAULTS = defaults();

		private static Map<String, String> defaults() {
			Map<String, String> defaults = new LinkedHashMap<>();
			defaults.put("mastodon-port", "9401");
			defaults.put("bluesky-port", "9402");
			defaults.put("webhook-port", "9403");
			defaults.put("openai-port", "9404");
			defaults.put("latency", "0ms");
			defaults.put("server-errors", "0");
			defaults.put("timeouts", "0");
			defaults.put("timeout-delay", "35s");
			defaults.put("seed", "0");
			return defaults;
		}

		/**
		 * Reads {@code --name value} or {@code --name=value} arguments, then
		 * {@code fakes.<name>} properties, then the defaults.
		 * @throws IllegalArgumentException naming an option that is unknown or has a
		 * value that does not read
		 */
		public static Settings parse(List<String> args, Properties properties) {
			Map<String, String> values = new LinkedHashMap<>();
			DEFAULTS.forEach((name, value) -> values.put(name, properties.getProperty("fakes." + name, value)));
			for (int i = 0; i < args.size(); i++) {
				String arg = args.get(i);
				if (!arg.startsWith("--")) {
					throw new IllegalArgumentException("Unexpected argument: " + arg);
				}
				int equals = arg.indexOf('=');
				String name = (equals > 0) ? arg.substring(2, equals) : arg.substring(2);
				if (!DEFAULTS.containsKey(name)) {
					throw new IllegalArgumentException("Unknown option: --" + name);
				}
				if (equals < 0 && i + 1 >= args.size()) {
					throw new IllegalArgumentException("--" + name + " needs a value");
				}
				values.put(name, (equals > 0) ? arg.substring(equals + 1) : args.get(++i));
			}
			return new Settings(port(values, "mastodon-port"), port(values, "bluesky-port"),
					port(values, "webhook-port"), port(values, "openai-port"), duration(values, "latency"),
					share(values, "server-errors"), share(values, "timeouts"), duration(values, "timeout-delay"),
					number(values, "seed"));
		}

		private static int port(Map<String, String> values, String name) {
			long port = number(values, name);
			if (port < 0 || port > 65_535) {
				throw new IllegalArgumentException("--" + name + " must be a port, 0 to 65535");
			}
			return (int) port;
		}

		private static long number(Map<String, String> values, String name) {
			try {
				return Long.parseLong(values.get(name).strip());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("--" + name + " must be a whole number", ex);
			}
		}

		private static double share(Map<String, String> values, String name) {
			try {
				double share = Double.parseDouble(values.get(name).strip());
				if (share >= 0 && share <= 1) {
					return share;
				}
			}
			catch (NumberFormatException ex) {
				// refused below
			}
			throw new IllegalArgumentException("--" + name + " must be a share between 0 and 1, such as 0.01");
		}

		private static Duration duration(Map<String, String> values, String name) {
			try {
				return DurationStyle.detectAndParse(values.get(name).strip());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("--" + name + " must be a duration, such as 200ms or 2s", ex);
			}
		}

	}

	private FakePlatforms(Settings settings, FakeMastodon mastodon, FakeBlueskyPds bluesky, FakeWebhookReceiver webhook,
			FakeOpenAi openai) {
		this.settings = settings;
		this.openai = openai;
		this.mastodon = mastodon;
		this.bluesky = bluesky;
		this.webhook = webhook;
	}

	/**
	 * Starts the three fakes with their accounts, latency and faults.
	 * @throws UncheckedIOException when a port is taken (the fakes started before it are
	 * stopped)
	 */
	public static FakePlatforms start(Settings settings) {
		List<FakeHttpServer> started = new ArrayList<>();
		try {
			FakeMastodon mastodon = new FakeMastodon(settings.mastodonPort(), MASTODON_TOKEN);
			started.add(mastodon);
			FakeBlueskyPds bluesky = new FakeBlueskyPds(settings.blueskyPort());
			started.add(bluesky);
			FakeWebhookReceiver webhook = new FakeWebhookReceiver(settings.webhookPort(), WEBHOOK_SECRET);
			started.add(webhook);
			FakeOpenAi openai = FakeStudioWriter.install(new FakeOpenAi(settings.openaiPort(), OPENAI_KEY));
			bluesky.addAccount(BLUESKY_DID, BLUESKY_HANDLE, BLUESKY_APP_PASSWORD);
			bluesky.openSignUp(BLUESKY_APP_PASSWORD);
			// the publishing faults are for the platforms; the AI endpoint answers at
			// once
			for (FakeHttpServer fake : started) {
				fake.latency(settings.latency());
				fake.faultRates(settings.serverErrors(), settings.timeouts());
				fake.timeoutDelay(settings.timeoutDelay());
				fake.seed(settings.seed());
			}
			started.add(openai);
			return new FakePlatforms(settings, mastodon, bluesky, webhook, openai);
		}
		catch (RuntimeException ex) {
			started.forEach(FakeHttpServer::close);
			throw ex;
		}
	}

	public FakeMastodon mastodon() {
		return this.mastodon;
	}

	public FakeBlueskyPds bluesky() {
		return this.bluesky;
	}

	public FakeWebhookReceiver webhook() {
		return this.webhook;
	}

	public FakeOpenAi openai() {
		return this.openai;
	}

	/** Where each fake listens and how to connect to it. */
	public String describe() {
		return """
				Fake platforms are running (stop with Ctrl-C):
				  Mastodon     %s
				               access token %s (account @herald, id 109); or register an app and
				               connect with OAuth: /oauth/authorize approves at once (add &login=<name>
				               to approve as another user)
				  Bluesky PDS  %s
				               handle %s, app password %s (any other *.test handle
				               signs in with the same app password)
				  Webhook      %s
				               signing secret %s
				  OpenAI API   %s/v1
				               key %s: start Herald with OPENAI_BASE_URL=%s/v1 OPENAI_API_KEY=%s
				               (plain, well-formed answers made from each prompt, for trying the studio)
				Every publish: latency %s, server errors %s, timeouts %s (answered after %s), seed %d
				""".formatted(this.mastodon.url(), MASTODON_TOKEN, this.bluesky.url(), BLUESKY_HANDLE,
				BLUESKY_APP_PASSWORD, this.webhook.url(), WEBHOOK_SECRET, this.openai.url(), OPENAI_KEY,
				this.openai.url(), OPENAI_KEY, this.settings.latency().toMillis() + " ms",
				percent(this.settings.serverErrors()), percent(this.settings.timeouts()),
				this.settings.timeoutDelay().toSeconds() + " s", this.settings.seed());
	}

	private static String percent(double share) {
		return (share * 100) + " %";
	}

	@Override
	public void close() {
		this.mastodon.close();
		this.bluesky.close();
		this.webhook.close();
		this.openai.close();
	}

	public static void main(String[] args) throws InterruptedException {
		if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
			System.out.println(USAGE);
			return;
		}
		Settings settings;
		try {
			settings = Settings.parse(List.of(args), System.getProperties());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(USAGE);
			System.exit(2);
			return;
		}
		FakePlatforms fakes;
		try {
			fakes = start(settings);
		}
		catch (UncheckedIOException ex) {
			System.err
				.println(ex.getMessage() + ": is another program using the port? Choose others with the options.");
			System.exit(1);
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(fakes::close, "fakes-shutdown"));
		System.out.println(fakes.describe());
		System.out.flush();
		// run until killed; the shutdown hook stops the servers
		new CountDownLatch(1).await();
	}

}
