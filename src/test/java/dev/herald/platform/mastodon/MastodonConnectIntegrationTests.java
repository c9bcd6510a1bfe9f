package dev.herald.platform.mastodon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;
import dev.herald.platform.ChannelAccess;
import dev.herald.platform.Pkce;
import dev.herald.platform.PlatformContractTests;
import dev.herald.platform.PostContent;
import dev.herald.platform.PublishRequest;
import dev.herald.platform.PublishResult;
import dev.herald.platform.mastodon.MastodonConnectFailure.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Connecting a Mastodon account as the channel module will: register the app, send the
 * user to the authorization URL (the fake approves at once), exchange the code with the
 * PKCE verifier, read the account, publish with the token, and revoke it.
 */
class MastodonConnectIntegrationTests {

	private static final String TOKEN = "token-" + UUID.randomUUID();

	private static final FakeMastodon MASTODON = new FakeMastodon(TOKEN);

	private static final URI REDIRECT = URI.create("https://herald.example/channels/mastodon/callback");

	/** The user's browser, which the instance redirects back to Herald. */
	private static final HttpClient BROWSER = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final MastodonAccounts accounts = new MastodonAccounts(PlatformContractTests.testSettings(),
			JsonMapper.builder().build(), Clock.systemUTC());

	private final MastodonPlatform platform = new MastodonPlatform(PlatformContractTests.testSettings(),
			JsonMapper.builder().build(), Clock.systemUTC());

	@AfterAll
	static void stopMastodon() {
		MASTODON.close();
	}

	@Test
	void connectsAnAccountWithTheCodeFlowAndPkce() throws Exception {
		URI instance = MASTODON.url();
		MastodonApp app = this.accounts.registerApp(instance, "Herald", REDIRECT, "read write",
				URI.create("https://herald.example"));
		assertThat(MASTODON.app(app.clientId())).hasValueSatisfying((registered) -> {
			assertThat(registered.name()).isEqualTo("Herald");
			assertThat(registered.redirectUris()).containsExactly(REDIRECT.toString());
			assertThat(registered.scopes()).containsExactly("read", "write");
			assertThat(registered.website()).isEqualTo("https://herald.example");
		});

		Pkce pkce = Pkce.generate();
		String state = UUID.randomUUID().toString();
		URI authorization = this.accounts.authorizationUrl(instance, app.clientId(), REDIRECT, "read write", state,
				pkce.challenge());
		Map<String, String> callback = approve(authorization);
		assertThat(callback).containsEntry("state", state).containsKey("code");
		assertThat(MASTODON.codeChallenge(callback.get("code"))).contains(pkce.challenge());

		Instant before = Instant.now().minusSeconds(1);
		MastodonToken token = this.accounts.exchangeCode(instance, app, REDIRECT, callback.get("code"),
				pkce.verifier());
		assertThat(token.scope()).isEqualTo("read write");
		assertThat(token.createdAt()).isAfterOrEqualTo(before.minusSeconds(1));

		MASTODON.follows(FakeMastodon.DEFAULT_USER, 12, 34);
		long posted = MASTODON.statusesOf(FakeMastodon.DEFAULT_USER).size();
		MastodonAccount account = this.accounts.verifyCredentials(instance, token.accessToken());
		assertThat(account).isEqualTo(new MastodonAccount("109", "herald", "herald", "Herald",
				URI.create(instance + "/avatars/original/missing.png"), URI.create(instance + "/@herald"), 12, 34,
				posted));

		ChannelAccess channel = new ChannelAccess(instance, account.id(), token.accessToken());
		assertThat(publish(channel, "Connected")).isInstanceOf(PublishResult.Published.class);
		assertThat(this.accounts.verifyCredentials(instance, token.accessToken()).statusesCount())
			.isEqualTo(posted + 1);

		this.accounts.revoke(instance, app, token.accessToken());
		assertThatExceptionOfType(MastodonConnectFailure.class)
			.isThrownBy(() -> this.accounts.verifyCredentials(instance, token.accessToken()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_TOKEN));
		assertThat(publish(channel, "After revoking")).isInstanceOf(PublishResult.NeedsReauth.class);
	}

	@Test
	void grantsANewTokenEachTimeForTheUserWhoApproved() throws Exception {
		MastodonApp app = register();
		MastodonToken herald = connect(app, "read write", "");
		MastodonToken again = connect(app, "read write", "");
		MastodonToken alice = connect(app, "read write", "&login=alice");
		assertThat(List.of(herald.accessToken(), again.accessToken(), alice.accessToken())).doesNotHaveDuplicates()
			.doesNotContain(TOKEN);
		assertThat(this.accounts.verifyCredentials(MASTODON.url(), again.accessToken()).username()).isEqualTo("herald");
		MastodonAccount aliceAccount = this.accounts.verifyCredentials(MASTODON.url(), alice.accessToken());
		assertThat(aliceAccount.username()).isEqualTo("alice");
		assertThat(aliceAccount.id()).isNotEqualTo("109");
		publish(new ChannelAccess(MASTODON.url(), aliceAccount.id(), alice.accessToken()), "Alice here");
		assertThat(MASTODON.statusesOf("alice")).singleElement()
			.satisfies((status) -> assertThat(status.text()).isEqualTo("Alice here"));
		// the constructor's token keeps working beside the granted ones
		assertThat(this.accounts.verifyCredentials(MASTODON.url(), TOKEN).id()).isEqualTo("109");
	}

	@Test
	void buildsTheAuthorizationUrlWithEveryValueEncoded() {
		URI url = this.accounts.authorizationUrl(URI.create("https://Mastodon.Example/"), "client id",
				URI.create("https://herald.example/cb?x=1&y=2"), "read write:statuses", "s+t/=",
				"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
		assertThat(url).hasToString("https://mastodon.example/oauth/authorize?response_type=code"
				+ "&client_id=client%20id&redirect_uri=https%3A%2F%2Fherald.example%2Fcb%3Fx%3D1%26y%3D2"
				+ "&scope=read%20write%3Astatuses&state=s%2Bt%2F%3D"
				+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
	}

	@Test
	void refusesAVerifierThatDoesNotMatchTheChallenge() throws Exception {
		MastodonApp app = register();
		Pkce pkce = Pkce.generate();
		String code = approve(this.accounts.authorizationUrl(MASTODON.url(), app.clientId(), REDIRECT, "read", "state",
				pkce.challenge()))
			.get("code");
		String wrong = Pkce.generate().verifier();
		assertThatExceptionOfType(MastodonConnectFailure.class)
			.isThrownBy(() -> this.accounts.exchangeCode(MASTODON.url(), app, REDIRECT, code, wrong))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.INVALID_CODE);
				assertThat(ex.retryable()).isFalse();
				assertThat(ex.getMessage()).contains(MASTODON.url().getAuthority())
					.doesNotContain(code)
					.doesNotContain(wrong)
					.doesNotContain(app.clientSecret());
			});
	}

	@Test
	void refusesACodeUsedTwice() throws Exception {
		MastodonApp app = register();
		Pkce pkce = Pkce.generate();
		String code = approve(
				this.accounts.authorizationUrl(MASTODON.url(), app.clientId(), REDIRECT, "read", "s", pkce.challenge()))
			.get("code");
		this.accounts.exchangeCode(MASTODON.url(), app, REDIRECT, code, pkce.verifier());
		assertThatExceptionOfType(MastodonConnectFailure.class)
			.isThrownBy(() -> this.accounts.exchangeCode(MASTODON.url(), app, REDIRECT, code, pkce.verifier()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_CODE));
	}

	@Test
	void refusesACodeForAnotherRedirectUriOrAWrongClientSecret() throws Exception {
		MastodonApp app = register();
		Pkce pkce = Pkce.generate();
		String code = approve(
				this.accounts.authorizationUrl(MASTODON.url(), app.clientId(), REDIRECT, "read", "s", pkce.challenge()))
			.get("code");
		assertThatExceptionOfType(MastodonConnectFailure.class)
			.isThrownBy(() -> this.accounts.exchangeCode(MASTODON.url(), app, URI.create("https://evil.example/cb"),
					code, pkce.verifier()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_CODE));
		MastodonApp forgotten = new MastodonApp(app.clientId(), "not-the-secret");
		assertThatExceptionOfType(MastodonConnectFailure.class)
			.isThrownBy(() -> this.accounts.exchangeCode(MASTODON.url(), forgotten, REDIRECT, code, pkce.verifier()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_CLIENT));
	}

	@Test
	void aTokenWithoutWriteScopeCannotPost() throws Exception {
		MastodonToken readOnly = connect(register(), "read", "");
		assertThat(publish(new ChannelAccess(MASTODON.url(), "109", readOnly.accessToken()), "Not allowed"))
			.isEqualTo(new PublishResult.NeedsReauth("This action is outside the authorized scopes"));
	}

	@Test
	void theInstanceRedirectsBackARefusedScope() throws Exception {
		MastodonApp app = register();
		Map<String, String> callback = approve(this.accounts.authorizationUrl(MASTODON.url(), app.clientId(), REDIRECT,
				"read admin:read", "st", Pkce.generate().challenge()));
		assertThat(callback).containsEntry("error", "invalid_scope")
			.containsEntry("state", "st")
			.doesNotContainKey("code");
	}

	@Test
	void anUnknownTokenIsRefused() {
		assertThatExceptionOfType(MastodonConnectFailure.class)
			.isThrownBy(() -> this.accounts.verifyCredentials(MASTODON.url(), "not-a-token"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_TOKEN));
	}

	@Test
	void anAppTheInstanceRefusesIsRefusedWithItsReason() {
		assertThatExceptionOfType(MastodonConnectFailure.class)
			.isThrownBy(() -> this.accounts.registerApp(MASTODON.url(), "Herald", URI.create("relative/callback"),
					"read", null))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.REFUSED);
				assertThat(ex.instanceError()).isEqualTo("Validation failed: Redirect URI must be an absolute URI.");
				assertThat(ex.getMessage()).contains("422").contains("Redirect URI must be an absolute URI");
			});
	}

	@Test
	void anUnreachableInstanceIsReportedAsSuch() {
		assertThatExceptionOfType(MastodonConnectFailure.class)
			.isThrownBy(
					() -> this.accounts.registerApp(URI.create("http://127.0.0.1:9"), "Herald", REDIRECT, "read", null))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.UNREACHABLE);
				assertThat(ex.retryable()).isTrue();
				assertThat(ex.getMessage())
					.isEqualTo("Cannot reach 127.0.0.1:9: check the address, or try again later");
			});
	}

	@Test
	void aServerThatIsNotMastodonIsReportedAsSuch() throws IOException {
		for (int status : new int[] { 200, 404 }) {
			HttpServer website = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			website.createContext("/", (exchange) -> {
				byte[] page = "<!doctype html><title>My blog</title>".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "text/html");
				exchange.sendResponseHeaders(status, page.length);
				exchange.getResponseBody().write(page);
				exchange.close();
			});
			website.start();
			try {
				URI address = URI.create("http://127.0.0.1:" + website.getAddress().getPort());
				assertThatExceptionOfType(MastodonConnectFailure.class)
					.isThrownBy(() -> this.accounts.registerApp(address, "Herald", REDIRECT, "read", null))
					.satisfies((ex) -> {
						assertThat(ex.reason()).isEqualTo(Reason.NOT_MASTODON);
						assertThat(ex.getMessage()).isEqualTo(address.getAuthority()
								+ " does not answer as a Mastodon server does: check the address");
					});
			}
			finally {
				website.stop(0);
			}
		}
	}

	@Test
	void acceptsOnlyHttpsInstancesOrThisMachine() {
		Map<String, String> accepted = new LinkedHashMap<>();
		accepted.put("mastodon.social", "https://mastodon.social");
		accepted.put("  https://Mastodon.Social/ ", "https://mastodon.social");
		accepted.put("https://mastodon.social:443", "https://mastodon.social");
		accepted.put("https://mastodon.example:8443", "https://mastodon.example:8443");
		accepted.put("http://127.0.0.1:9401", "http://127.0.0.1:9401");
		accepted.put("http://localhost:3000/", "http://localhost:3000");
		accepted.put("http://[::1]:3000", "http://[::1]:3000");
		accepted.forEach((address, url) -> assertThat(MastodonAccounts.instanceUrl(address)).hasToString(url));
		for (String refused : List.of("", "http://mastodon.social", "ftp://mastodon.social",
				"https://user:secret@mastodon.social", "https://mastodon.social/@herald", "https://mastodon.social?x=1",
				"https://mastodon.social#top", "https://", "http://10.0.0.1", "https://mast odon.social")) {
			assertThatExceptionOfType(MastodonConnectFailure.class).as(refused)
				.isThrownBy(() -> MastodonAccounts.instanceUrl(refused))
				.satisfies((ex) -> {
					assertThat(ex.reason()).isEqualTo(Reason.INVALID_ADDRESS);
					assertThat(ex.getMessage()).doesNotContain("secret");
				});
		}
		assertThatExceptionOfType(MastodonConnectFailure.class).isThrownBy(
				() -> this.accounts.registerApp(URI.create("http://mastodon.social"), "Herald", REDIRECT, "read", null))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_ADDRESS));
	}

	@Test
	void neverShowsSecrets() throws Exception {
		MastodonApp app = register();
		MastodonToken token = connect(app, "read", "");
		assertThat(app.toString()).contains(app.clientId()).doesNotContain(app.clientSecret());
		assertThat(token.toString()).contains("read").doesNotContain(token.accessToken());
		Pkce pkce = Pkce.generate();
		assertThat(pkce.toString()).contains(pkce.challenge()).doesNotContain(pkce.verifier());
	}

	private MastodonApp register() {
		return this.accounts.registerApp(MASTODON.url(), "Herald", REDIRECT, "read write", null);
	}

	/** One whole flow; {@code extra} is added to the authorization URL. */
	private MastodonToken connect(MastodonApp app, String scopes, String extra) throws Exception {
		Pkce pkce = Pkce.generate();
		URI url = this.accounts.authorizationUrl(MASTODON.url(), app.clientId(), REDIRECT, scopes, "state",
				pkce.challenge());
		String code = approve(URI.create(url + extra)).get("code");
		return this.accounts.exchangeCode(MASTODON.url(), app, REDIRECT, code, pkce.verifier());
	}

	private PublishResult publish(ChannelAccess channel, String text) {
		return this.platform
			.publish(new PublishRequest(channel, PostContent.of(text), UUID.randomUUID().toString(), Map.of()));
	}

	/**
	 * Opens the authorization URL as the user's browser does and answers the parameters
	 * the instance redirects back to Herald with.
	 */
	private static Map<String, String> approve(URI authorizationUrl) throws Exception {
		HttpResponse<Void> response = BROWSER.send(HttpRequest.newBuilder(authorizationUrl).build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(302);
		URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
		assertThat(location.toString()).startsWith(REDIRECT + "?");
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : location.getRawQuery().split("&")) {
			String[] parts = pair.split("=", 2);
			params.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
		}
		return params;
	}

}
