package dev.herald.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The launcher of the fake platforms: its options, and fakes that answer with the
 * credentials it prints.
 */
class FakePlatformsIntegrationTests {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void readsOptionsFromArgumentsThenSystemPropertiesThenDefaults() {
		Properties properties = new Properties();
		properties.setProperty("fakes.latency", "1s");
		properties.setProperty("fakes.bluesky-port", "9502");
		FakePlatforms.Settings settings = FakePlatforms.Settings
			.parse(List.of("--mastodon-port", "9501", "--latency=200ms", "--server-errors", "0.05"), properties);
		assertThat(settings).isEqualTo(new FakePlatforms.Settings(9501, 9502, 9403, 9404, Duration.ofMillis(200), 0.05,
				0, Duration.ofSeconds(35), 0));
		assertThat(FakePlatforms.Settings.parse(List.of(), new Properties())).isEqualTo(
				new FakePlatforms.Settings(9401, 9402, 9403, 9404, Duration.ZERO, 0, 0, Duration.ofSeconds(35), 0));
	}

	@Test
	void refusesOptionsItDoesNotKnowOrCannotRead() {
		Properties none = new Properties();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FakePlatforms.Settings.parse(List.of("--colour", "red"), none))
			.withMessage("Unknown option: --colour");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FakePlatforms.Settings.parse(List.of("--latency", "soon"), none))
			.withMessageContaining("duration");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FakePlatforms.Settings.parse(List.of("--timeouts", "2"), none))
			.withMessageContaining("share");
		assertThatIllegalArgumentException().isThrownBy(() -> FakePlatforms.Settings.parse(List.of("--seed"), none))
			.withMessage("--seed needs a value");
	}

	@Test
	void startsFakesThatAcceptThePrintedCredentials() throws Exception {
		FakePlatforms.Settings anyPorts = new FakePlatforms.Settings(0, 0, 0, 0, Duration.ZERO, 0, 0,
				Duration.ofSeconds(35), 0);
		try (FakePlatforms fakes = FakePlatforms.start(anyPorts)) {
			URI mastodon = fakes.mastodon().url();
			URI pds = fakes.bluesky().url();
			URI webhook = fakes.webhook().url();
			assertThat(fakes.describe()).contains(mastodon.toString(), pds.toString(), webhook.toString(),
					FakePlatforms.MASTODON_TOKEN, FakePlatforms.BLUESKY_HANDLE, FakePlatforms.BLUESKY_APP_PASSWORD,
					FakePlatforms.WEBHOOK_SECRET);

			assertThat(get(mastodon + "/api/v2/instance", null).body()).contains("max_characters");
			assertThat(get(mastodon + "/api/v1/accounts/verify_credentials", FakePlatforms.MASTODON_TOKEN).body())
				.contains("\"username\":\"herald\"");

			assertThat(signIn(pds, FakePlatforms.BLUESKY_HANDLE).body()).contains(FakePlatforms.BLUESKY_DID);
			HttpResponse<String> other = signIn(pds, "someone-else.test");
			assertThat(other.statusCode()).isEqualTo(200);
			assertThat(other.body()).contains("\"handle\":\"someone-else.test\"").contains("did:plc:");

			HttpResponse<String> unsigned = this.client.send(HttpRequest.newBuilder(webhook)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(unsigned.statusCode()).isEqualTo(401);

			URI openai = URI.create(fakes.openai().url() + "/v1/chat/completions");
			assertThat(fakes.describe()).contains(openai.toString().replace("/chat/completions", ""),
					FakePlatforms.OPENAI_KEY);
			HttpResponse<String> answer = this.client.send(HttpRequest.newBuilder(openai)
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + FakePlatforms.OPENAI_KEY)
				.POST(HttpRequest.BodyPublishers.ofString(
						"""
								{"model":"gpt-4o","messages":[{"role":"user","content":
								"Write the social media strategy of Lou Roasters. Platforms it is already connected to: Mastodon."}]}"""))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(answer.body()).contains("Lou Roasters", "pillars", "\\\"platform\\\":\\\"Mastodon\\\"");
		}
	}

	private HttpResponse<String> get(String url, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	private HttpResponse<String> signIn(URI pds, String handle) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(pds + "/xrpc/com.atproto.server.createSession"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(
					"{\"identifier\":\"" + handle + "\",\"password\":\"" + FakePlatforms.BLUESKY_APP_PASSWORD + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
