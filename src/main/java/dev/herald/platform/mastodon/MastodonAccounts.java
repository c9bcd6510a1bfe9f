package dev.herald.platform.mastodon;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.herald.platform.PlatformHttp;
import dev.herald.platform.PlatformSettings;
import dev.herald.platform.RateLimitHeaders;
import dev.herald.platform.mastodon.MastodonConnectFailure.Reason;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Connects Mastodon accounts, for the channel module: registers Herald as an app on an
 * instance ({@code POST /api/v1/apps}), builds the authorization URL of the OAuth code
 * flow with PKCE (S256), exchanges the code for an access token, reads the account the
 * token acts for, and revokes the token when the user disconnects. Every instance address
 * passes {@link #instanceUrl(String)} first, so that Herald never calls a plain-http host
 * elsewhere on the network; every failure is a {@link MastodonConnectFailure}.
 */
@Component
public class MastodonAccounts {

	private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.[0-9]{1,3}){3}");

	private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(5);

	/** What an instance says is shown to the user; a hostile one must not fill a page. */
	private static final int MAX_INSTANCE_ERROR = 200;

	private final RestClient http;

	private final JsonMapper json;

	private final Clock clock;

	MastodonAccounts(PlatformSettings settings, JsonMapper json, Clock clock) {
		this.http = PlatformHttp.client(settings).defaultHeader(HttpHeaders.USER_AGENT, "Herald/1").build();
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The base URL of the Mastodon instance a user typed: {@code mastodon.social},
	 * {@code https://mastodon.social/} and {@code HTTPS://Mastodon.Social:443} all answer
	 * {@code https://mastodon.social}. Only https is accepted, except plain http to this
	 * machine ({@code localhost}, 127.0.0.0/8, {@code [::1]}) for a local instance; a
	 * user name, password, path, query or fragment is refused, since an instance is a
	 * host.
	 * @param address what the user typed
	 * @return {@code scheme://host[:port]} in lower case, without a trailing slash
	 * @throws MastodonConnectFailure ({@link Reason#INVALID_ADDRESS}) whose message never
	 * repeats the address, which could carry a password
	 */
	public static URI instanceUrl(String address) {
		Assert.notNull(address, "address must not be null");
		String text = address.strip();
		if (text.isEmpty()) {
			throw invalidAddress("Enter the address of a Mastodon instance, such as mastodon.social");
		}
		URI uri;
		try {
			uri = new URI(text.contains("://") ? text : "https://" + text);
		}
		catch (URISyntaxException ex) {
			throw invalidAddress("That is not the address of a Mastodon instance: enter one such as mastodon.social");
		}
		if (uri.getRawUserInfo() != null) {
			throw invalidAddress("A Mastodon address must not contain a user name or password");
		}
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : null;
		if (host == null || host.isEmpty()) {
			throw invalidAddress("That is not the address of a Mastodon instance: enter one such as mastodon.social");
		}
		String path = uri.getRawPath();
		if ((path != null && !path.isEmpty() && !"/".equals(path)) || uri.getRawQuery() != null
				|| uri.getRawFragment() != null) {
			throw invalidAddress("Enter the Mastodon instance's address alone, such as mastodon.social, "
					+ "without a path or anything after it");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!"https".equals(scheme) && !("http".equals(scheme) && isLoopback(host))) {
			throw invalidAddress("A Mastodon address must use https");
		}
		int port = uri.getPort();
		boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443)
				|| ("http".equals(scheme) && port == 80);
		return URI.create(scheme + "://" + host + (defaultPort ? "" : ":" + port));
	}

	private static boolean isLoopback(String host) {
		return "localhost".equals(host) || "[::1]".equals(host) || IPV4_LOOPBACK.matcher(host).matches();
	}

	private static MastodonConnectFailure invalidAddress(String message) {
		return new MastodonConnectFailure(Reason.INVALID_ADDRESS, message, null, null);
	}

	/**
	 * Registers Herald as an app on the instance ({@code POST /api/v1/apps}). Register
	 * once per instance and redirect URI, and store the answer.
	 * @param instance the instance, as {@link #instanceUrl(String)} answers it
	 * @param clientName the name the instance shows on its authorization page and under
	 * posts
	 * @param redirectUri where the instance sends the user back with the code
	 * @param scopes the scopes the app may ask for, space-separated, for example
	 * {@code "read write"}
	 * @param website the app's website, shown by the instance, if any
	 * @return the app's client id and secret
	 */
	public MastodonApp registerApp(URI instance, String clientName, URI redirectUri, String scopes,
			@Nullable URI website) {
		Assert.hasText(clientName, "clientName must not be empty");
		Assert.notNull(redirectUri, "redirectUri must not be null");
		Assert.hasText(scopes, "scopes must not be empty");
		URI base = checked(instance);
		ObjectNode body = this.json.createObjectNode();
		body.put("client_name", clientName);
		// a string, not an array: older instances take only a string
		body.put("redirect_uris", redirectUri.toString());
		body.put("scopes", scopes);
		if (website != null) {
			body.put("website", website.toString());
		}
		Answer answer = send(base,
				this.http.post()
					.uri(base + "/api/v1/apps")
					.contentType(MediaType.APPLICATION_JSON)
					.accept(MediaType.APPLICATION_JSON)
					.body(this.json.writeValueAsBytes(body)));
		if (answer.ok()) {
			String clientId = PlatformHttp.text(answer.body(), "client_id");
			String clientSecret = PlatformHttp.text(answer.body(), "client_secret");
			if (clientId == null || clientSecret == null) {
				throw notMastodon(base);
			}
			return new MastodonApp(clientId, clientSecret);
		}
		throw failure(base, answer, "register Herald as an app");
	}

	/**
	 * Where to send the user to approve Herald: the instance's {@code /oauth/authorize}
	 * for the code flow with PKCE, every value URL-encoded.
	 * @param instance the instance, as {@link #instanceUrl(String)} answers it
	 * @param clientId the registered app's client id
	 * @param redirectUri one of the app's redirect URIs
	 * @param scopes the scopes to ask for, space-separated (a subset of the app's)
	 * @param state the flow's unguessable state, checked when the user comes back
	 * @param codeChallenge the S256 challenge of the flow's verifier
	 * ({@link dev.herald.platform.Pkce})
	 */
	public URI authorizationUrl(URI instance, String clientId, URI redirectUri, String scopes, String state,
			String codeChallenge) {
		Assert.hasText(clientId, "clientId must not be empty");
		Assert.notNull(redirectUri, "redirectUri must not be null");
		Assert.hasText(scopes, "scopes must not be empty");
		Assert.hasText(state, "state must not be empty");
		Assert.hasText(codeChallenge, "codeChallenge must not be empty");
		return URI.create(checked(instance) + "/oauth/authorize?response_type=code&client_id=" + encode(clientId)
				+ "&redirect_uri=" + encode(redirectUri.toString()) + "&scope=" + encode(scopes) + "&state="
				+ encode(state) + "&code_challenge=" + encode(codeChallenge) + "&code_challenge_method=S256");
	}

	/** Percent-encodes a query value, spaces as {@code %20}. */
	private static String encode(String value) {
		// URLEncoder writes a space as '+' and a '+' as %2B, so every '+' left is a space
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Exchanges the authorization code the user came back with for an access token
	 * ({@code POST /oauth/token}, {@code grant_type=authorization_code}).
	 * @param instance the instance, as {@link #instanceUrl(String)} answers it
	 * @param app the app the code was issued to
	 * @param redirectUri the redirect URI of the authorization request
	 * @param code the code the instance handed back
	 * @param codeVerifier the flow's PKCE verifier
	 * @return the access token, which does not expire
	 */
	public MastodonToken exchangeCode(URI instance, MastodonApp app, URI redirectUri, String code,
			String codeVerifier) {
		Assert.notNull(app, "app must not be null");
		Assert.notNull(redirectUri, "redirectUri must not be null");
		Assert.hasText(code, "code must not be empty");
		Assert.hasText(codeVerifier, "codeVerifier must not be empty");
		URI base = checked(instance);
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("client_id", app.clientId());
		form.add("client_secret", app.clientSecret());
		form.add("redirect_uri", redirectUri.toString());
		form.add("code_verifier", codeVerifier);
		Answer answer = send(base,
				this.http.post()
					.uri(base + "/oauth/token")
					.contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.accept(MediaType.APPLICATION_JSON)
					.body(form));
		if (answer.ok()) {
			String token = PlatformHttp.text(answer.body(), "access_token");
			if (token == null) {
				throw notMastodon(base);
			}
			JsonNode createdAt = answer.body().get("created_at");
			return new MastodonToken(token, PlatformHttp.text(answer.body(), "scope"),
					(createdAt != null && createdAt.isIntegralNumber()) ? Instant.ofEpochSecond(createdAt.asLong())
							: null);
		}
		if ("invalid_grant".equals(answer.error())) {
			throw new MastodonConnectFailure(Reason.INVALID_CODE, name(base)
					+ " refused the authorization: it has expired or was already used. Connect the account again",
					answer.said(), null);
		}
		if ("invalid_client".equals(answer.error()) || answer.status() == 401) {
			throw invalidClient(base, answer);
		}
		throw failure(base, answer, "grant access");
	}

	/**
	 * The account an access token acts for
	 * ({@code GET /api/v1/accounts/verify_credentials}); also how to check that a stored
	 * token still works.
	 * @param instance the instance, as {@link #instanceUrl(String)} answers it
	 * @param accessToken the token
	 */
	public MastodonAccount verifyCredentials(URI instance, String accessToken) {
		Assert.hasText(accessToken, "accessToken must not be empty");
		URI base = checked(instance);
		Answer answer = send(base,
				this.http.get()
					.uri(base + "/api/v1/accounts/verify_credentials")
					.accept(MediaType.APPLICATION_JSON)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken));
		if (answer.ok()) {
			JsonNode account = answer.body();
			String id = PlatformHttp.text(account, "id");
			String username = PlatformHttp.text(account, "username");
			if (id == null || username == null) {
				throw notMastodon(base);
			}
			String acct = PlatformHttp.text(account, "acct");
			String displayName = PlatformHttp.text(account, "display_name");
			return new MastodonAccount(id, username, (acct != null) ? acct : username,
					(displayName != null) ? displayName : "", PlatformHttp.webUrl(PlatformHttp.text(account, "avatar")),
					PlatformHttp.webUrl(PlatformHttp.text(account, "url")), account.path("followers_count").asLong(0),
					account.path("following_count").asLong(0), account.path("statuses_count").asLong(0));
		}
		if (answer.status() == 401) {
			throw new MastodonConnectFailure(Reason.INVALID_TOKEN,
					name(base) + " refused the access token: connect the account again", answer.said(), null);
		}
		throw failure(base, answer, "show the account");
	}

	/**
	 * Revokes an access token ({@code POST /oauth/revoke}), when the user disconnects the
	 * account. A token the instance does not know any more counts as revoked.
	 * @param instance the instance, as {@link #instanceUrl(String)} answers it
	 * @param app the app the token was issued to
	 * @param accessToken the token
	 */
	public void revoke(URI instance, MastodonApp app, String accessToken) {
		Assert.notNull(app, "app must not be null");
		Assert.hasText(accessToken, "accessToken must not be empty");
		URI base = checked(instance);
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("client_id", app.clientId());
		form.add("client_secret", app.clientSecret());
		form.add("token", accessToken);
		Answer answer = send(base,
				this.http.post()
					.uri(base + "/oauth/revoke")
					.contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.accept(MediaType.APPLICATION_JSON)
					.body(form));
		if (answer.success()) {
			// Mastodon answers {}; what matters is that the token is gone
			return;
		}
		if ("invalid_client".equals(answer.error()) || answer.status() == 401) {
			throw invalidClient(base, answer);
		}
		throw failure(base, answer, "revoke the access token");
	}

	private static URI checked(URI instance) {
		Assert.notNull(instance, "instance must not be null");
		return instanceUrl(instance.toString());
	}

	/**
	 * One call; a call without an answer is {@link Reason#UNREACHABLE}, whatever was
	 * sent: none of these calls posts anything, so trying again is always safe.
	 */
	private Answer send(URI base, RestClient.RequestHeadersSpec<?> request) {
		ResponseEntity<byte[]> entity;
		try {
			entity = PlatformHttp.exchange(request);
		}
		catch (ResourceAccessException ex) {
			throw new MastodonConnectFailure(Reason.UNREACHABLE,
					PlatformHttp.neverConnected(ex)
							? "Cannot reach " + name(base) + ": check the address, or try again later"
							: name(base) + " did not answer in time: try again later",
					null, null);
		}
		return new Answer(entity.getStatusCode().value(), PlatformHttp.jsonObject(this.json, entity.getBody()),
				entity.getHeaders());
	}

	/** What every call's refusal means when the call has nothing more precise to say. */
	private MastodonConnectFailure failure(URI base, Answer answer, String action) {
		int status = answer.status();
		if (status == 429) {
			return new MastodonConnectFailure(Reason.RATE_LIMITED,
					name(base) + " asks Herald to wait before trying again", answer.said(),
					RateLimitHeaders.waitFrom(answer.headers(), this.clock).orElse(DEFAULT_RATE_LIMIT_WAIT));
		}
		if (status >= 500) {
			return new MastodonConnectFailure(Reason.UNAVAILABLE,
					name(base) + " failed with " + status + ": try again later", answer.said(), null);
		}
		if (status < 400 || status == 404 || status == 405 || status == 406) {
			// a redirect, a missing endpoint, or a success that is no Mastodon answer
			return notMastodon(base);
		}
		String said = answer.said();
		return new MastodonConnectFailure(Reason.REFUSED,
				name(base) + " refused to " + action + " (" + status + ((said != null) ? ": " + said : "") + ")", said,
				null);
	}

	private static MastodonConnectFailure notMastodon(URI base) {
		return new MastodonConnectFailure(Reason.NOT_MASTODON,
				name(base) + " does not answer as a Mastodon server does: check the address", null, null);
	}

	private static MastodonConnectFailure invalidClient(URI base, Answer answer) {
		return new MastodonConnectFailure(Reason.INVALID_CLIENT,
				name(base) + " no longer knows Herald's app: connect the account again", answer.said(), null);
	}

	/** The instance as users know it: its host, and its port if it has one. */
	private static String name(URI base) {
		return base.getAuthority();
	}

	/**
	 * An answer with its body read as a JSON object ({@code null} when it is not one).
	 */
	private record Answer(int status, @Nullable JsonNode body, HttpHeaders headers) {

		boolean success() {
			return this.status >= 200 && this.status < 300;
		}

		/** A success with a JSON object, as every Mastodon success but revoke's is. */
		boolean ok() {
			return success() && this.body != null;
		}

		/** The OAuth error code, or Mastodon's error text. */
		@Nullable String error() {
			return PlatformHttp.text(this.body, "error");
		}

		/** What the instance said, shortened. */
		@Nullable String said() {
			String said = PlatformHttp.text(this.body, "error_description");
			said = (said != null) ? said : error();
			return (said != null && said.length() > MAX_INSTANCE_ERROR) ? said.substring(0, MAX_INSTANCE_ERROR) + "…"
					: said;
		}

	}

}
