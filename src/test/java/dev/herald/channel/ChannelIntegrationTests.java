package dev.herald.channel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import dev.herald.platform.bluesky.FakeBlueskyPds;
import dev.herald.platform.mastodon.FakeMastodon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Connecting channels through each platform's flow, against fake platforms: Mastodon's
 * OAuth authorization with PKCE (and a pasted token), Bluesky's app password, a signed
 * webhook; tokens never answered; roles and tenancy enforced.
 */
class ChannelIntegrationTests extends IntegrationTestSupport {

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	private static final FakeBlueskyPds PDS = new FakeBlueskyPds();

	private static final String APP_PASSWORD = "abcd-efgh-ijkl-mnop";

	private Session owner;

	private String brand;

	@AfterAll
	static void stopFakes() {
		MASTODON.close();
		PDS.close();
	}

	@BeforeEach
	void ownerWithBrand() throws Exception {
		PDS.openSignUp(APP_PASSWORD);
		MASTODON.clock(this.clock::instant);
		PDS.clock(this.clock::instant);
		this.owner = signUp("Chan");
		createWorkspace(this.owner, "Chan's");
		this.brand = data(expect(201, as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Chan"))))
			.get("id")
			.asString();
	}

	@Test
	void connectsAMastodonAccountThroughTheInstancesAuthorization() throws Exception {
		JsonNode started = data(expect(200,
				as(this.owner.accessToken(), connect("mastodon"), Map.of("instance", MASTODON.url().toString()))));
		URI authorize = URI.create(started.get("authorizationUrl").asString());
		Map<String, String> query = UriComponentsBuilder.fromUri(authorize).build().getQueryParams().toSingleValueMap();
		assertThat(query).containsEntry("code_challenge_method", "S256").containsKeys("state", "code_challenge");
		assertThat(java.net.URLDecoder.decode(query.get("redirect_uri"), java.nio.charset.StandardCharsets.UTF_8))
			.endsWith("/api/v1/channels/callback/mastodon");

		// the user approves at the instance, which sends the browser back with a code
		URI back = approve(authorize);
		Map<String, String> answer = UriComponentsBuilder.fromUri(back).build().getQueryParams().toSingleValueMap();
		MvcResult callback = this.mvc
			.perform(get("/api/v1/channels/callback/mastodon").param("code", answer.get("code"))
				.param("state", answer.get("state")))
			.andReturn();
		assertThat(callback.getResponse().getStatus()).isEqualTo(302);
		String location = callback.getResponse().getHeader("Location");
		assertThat(location).startsWith("/channels?connected=");
		String id = location.substring("/channels?connected=".length());
		JsonNode channel = data(expect(200, as(this.owner.accessToken(), get("/api/v1/channels/" + id))));
		assertThat(channel.get("platform").asString()).isEqualTo("MASTODON");
		assertThat(channel.get("status").asString()).isEqualTo("ACTIVE");
		assertThat(channel.get("username").asString()).startsWith("@herald@");

		// the state is single use
		MvcResult replay = this.mvc
			.perform(get("/api/v1/channels/callback/mastodon").param("code", answer.get("code"))
				.param("state", answer.get("state")))
			.andReturn();
		assertThat(replay.getResponse().getHeader("Location")).startsWith("/channels?error=");
		// a second account of the same instance reuses Herald's app registration
		expect(200, as(this.owner.accessToken(), connect("mastodon"), Map.of("instance", MASTODON.url().toString())));
		// disconnecting revokes the token at the instance and forgets it
		expect(204, as(this.owner.accessToken(), delete("/api/v1/channels/" + id)));
		assertThat(
				data(expect(200, as(this.owner.accessToken(), get("/api/v1/channels/" + id)))).get("status").asString())
			.isEqualTo("DISCONNECTED");
	}

	@Test
	void connectsMastodonWithATokenAndRefusesABadOne() throws Exception {
		String token = MASTODON.issueToken("tok" + UUID.randomUUID().toString().substring(0, 6));
		MvcResult connected = expect(201, as(this.owner.accessToken(), connect("mastodon"),
				Map.of("instance", MASTODON.url().toString(), "accessToken", token)));
		assertThat(connected.getResponse().getContentAsString()).doesNotContain(token);
		JsonNode refused = body(expect(422, as(this.owner.accessToken(), connect("mastodon"),
				Map.of("instance", MASTODON.url().toString(), "accessToken", "not-a-token"))));
		assertThat(refused.get("error").get("details").get(0).get("field").asString()).isEqualTo("accessToken");
		JsonNode unreachable = body(expect(422, as(this.owner.accessToken(), connect("mastodon"),
				Map.of("instance", "http://127.0.0.1:9", "accessToken", token))));
		assertThat(unreachable.get("error").get("details").get(0).get("field").asString()).isEqualTo("instance");
		expect(422, as(this.owner.accessToken(), connect("mastodon"), Map.of("instance", "http://example.com")));
	}

	@Test
	void connectsABlueskyAccountWithAnAppPasswordItNeverKeeps() throws Exception {
		String handle = "chan" + UUID.randomUUID().toString().substring(0, 6) + ".test";
		MvcResult connected = expect(201, as(this.owner.accessToken(), connect("bluesky"),
				Map.of("identifier", handle, "appPassword", APP_PASSWORD, "pds", PDS.url().toString())));
		JsonNode channel = data(connected).get("channel");
		assertThat(channel.get("username").asString()).isEqualTo(handle);
		assertThat(channel.get("accountId").asString()).startsWith("did:");
		assertThat(channel.get("tokenExpiresAt").isNull()).isFalse();
		assertThat(connected.getResponse().getContentAsString()).doesNotContain(APP_PASSWORD);
		JsonNode refused = body(expect(422, as(this.owner.accessToken(), connect("bluesky"),
				Map.of("identifier", handle, "appPassword", "wrong-pass-word-xxxx", "pds", PDS.url().toString()))));
		assertThat(refused.get("error").get("details").get(0).get("field").asString()).isEqualTo("appPassword");
		// connecting the same account again updates the channel rather than adding one
		expect(201, as(this.owner.accessToken(), connect("bluesky"),
				Map.of("identifier", handle, "appPassword", APP_PASSWORD, "pds", PDS.url().toString())));
		assertThat(data(expect(200, as(this.owner.accessToken(), get("/api/v1/brands/" + this.brand + "/channels")))))
			.hasSize(1);
	}

	@Test
	void showsAWebhooksSecretOnceAndDisconnects() throws Exception {
		JsonNode connected = data(expect(201, as(this.owner.accessToken(), connect("webhook"),
				Map.of("url", "https://hooks.example.com/herald", "name", "Our CMS"))));
		String secret = connected.get("signingSecret").asString();
		assertThat(secret).startsWith("whsec_");
		String id = connected.get("channel").get("id").asString();
		String listed = expect(200, as(this.owner.accessToken(), get("/api/v1/brands/" + this.brand + "/channels")))
			.getResponse()
			.getContentAsString();
		assertThat(listed).contains("Our CMS").doesNotContain(secret);
		expect(422, as(this.owner.accessToken(), connect("webhook"), Map.of("url", "http://hooks.example.com/x")));
		expect(422, as(this.owner.accessToken(), connect("webhook"), Map.of("url", "https://user:pw@example.com/x")));

		expect(204, as(this.owner.accessToken(), delete("/api/v1/channels/" + id)));
		assertThat(data(expect(200, as(this.owner.accessToken(), get("/api/v1/brands/" + this.brand + "/channels")))))
			.isEmpty();
		assertThat(data(
				expect(200, as(this.owner.accessToken(), get("/api/v1/brands/" + this.brand + "/channels?all=true"))))
			.get(0)
			.get("status")
			.asString()).isEqualTo("DISCONNECTED");
	}

	@Test
	void onlyAdminsConnectAndOtherWorkspacesSeeNothing() throws Exception {
		UUID workspace = UUID.fromString(
				data(expect(200, as(this.owner.accessToken(), get("/api/v1/workspaces")))).get(0).get("id").asString());
		Session member = join(this.owner, workspace, "Max", "MEMBER");
		expect(403, as(member.accessToken(), connect("webhook"), Map.of("url", "https://hooks.example.com/m")));
		String id = data(expect(201,
				as(this.owner.accessToken(), connect("webhook"), Map.of("url", "https://hooks.example.com/o"))))
			.get("channel")
			.get("id")
			.asString();
		expect(200, as(member.accessToken(), get("/api/v1/channels/" + id)));
		Session stranger = signUp("Stranger");
		createWorkspace(stranger, "Elsewhere");
		expect(404, as(stranger.accessToken(), get("/api/v1/channels/" + id)));
		expect(404, as(stranger.accessToken(), delete("/api/v1/channels/" + id)));
		expect(404, as(stranger.accessToken(), get("/api/v1/brands/" + this.brand + "/channels")));
		expect(200, as(this.owner.accessToken(), get("/api/v1/platforms")));
		assertThat(List.of("MASTODON", "BLUESKY", "WEBHOOK"))
			.isEqualTo(data(expect(200, as(this.owner.accessToken(), get("/api/v1/platforms"))))
				.findValuesAsString("platform"));
	}

	private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder connect(String platform) {
		return post("/api/v1/brands/" + this.brand + "/channels/connect/" + platform);
	}

	/**
	 * Opens the authorization page as the user's browser would, and answers where it is
	 * sent back to.
	 */
	private static URI approve(URI authorize) throws Exception {
		try (HttpClient http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build()) {
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(authorize).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(302);
			return URI.create(response.headers().firstValue("Location").orElseThrow());
		}
	}

}
