package dev.herald.platform.mastodon;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import dev.herald.platform.FakeHttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Mastodon instance as PLATFORMS.md describes one, with the OAuth server Mastodon runs
 * (Doorkeeper's answers and error bodies):
 * <ul>
 * <li>{@code GET /api/v2/instance} with its limits;</li>
 * <li>{@code POST /api/v1/apps} registering apps; {@code GET /oauth/authorize} approving
 * at once, as a signed-in user who always says yes (302 to the redirect URI with
 * {@code code} and {@code state}, the PKCE challenge kept with the code);
 * {@code POST /oauth/token} checking the client id and secret, the redirect URI, the
 * single-use code and the S256 verifier, and granting a new random token each time;
 * {@code POST /oauth/revoke};</li>
 * <li>{@code GET /api/v1/accounts/verify_credentials} for the token's account and
 * {@code GET /api/v1/accounts/:id/statuses};</li>
 * <li>{@code POST /api/v1/statuses} checking the token and its scope (401, 403), the
 * character limit counted the Mastodon way (every link 23 characters; 422) and the reply
 * target (404), acting once per {@code Idempotency-Key} and account (a repeat answers the
 * same Status); {@code GET /api/v1/statuses/:id} with counts;</li>
 * <li>{@code POST /api/v2/media} (multipart {@code file}, {@code description}): 200 for a
 * picture, 202 for a video (or after {@link #processMedia(int)}), 422 for a type it does
 * not take or a file too large; {@code GET /api/v1/media/:id} answering 206 while the
 * file is processed, then 200; a status's {@code media_ids} must be the account's,
 * unattached and processed (422 otherwise), and are kept in order
 * ({@link #attachments(String)});</li>
 * <li>{@code X-RateLimit-*} headers on every answer.</li>
 * </ul>
 * The token given to the constructor always works, for the account {@code @herald} (id
 * 109), besides every token the fake grants. Faults, latency and random fault rates apply
 * to {@code POST /api/v1/statuses}. One thing Mastodon does not do:
 * {@code /oauth/authorize} takes a {@code login} parameter naming the user who approves
 * (created on first use; {@code herald} without it), so that a benchmark can connect many
 * accounts.
 */
public final class FakeMastodon extends FakeHttpServer {

	/** The user who approves an authorization that names none. */
	public static final String DEFAULT_USER = "herald";

	private static final String DEFAULT_ACCOUNT_ID = "109";

	private static final Pattern URL = Pattern.compile("https?://\\S+?(?=[.,:;!?)\\]'\"]*(?:\\s|$))",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern STATUS_PATH = Pattern.compile("^/api/v1/statuses/([0-9]+)$");

	private static final Pattern MEDIA_PATH = Pattern.compile("^/api/v1/media/([0-9]+)$");

	private static final long IMAGE_LIMIT = 16L * 1024 * 1024;

	private static final long VIDEO_LIMIT = 99L * 1024 * 1024;

	private static final String NOT_PROCESSED = "Cannot attach files that have not finished processing. Try again in a moment!";

	private static final Pattern ACCOUNT_STATUSES_PATH = Pattern.compile("^/api/v1/accounts/([0-9]+)/statuses$");

	private static final Pattern SCOPE = Pattern
		.compile("(read|write|follow|push|profile|admin:read|admin:write)(:[a-z_]+)?");

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{1,30}");

	private static final String OUT_OF_BAND = "urn:ietf:wg:oauth:2.0:oob";

	private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

	private static final Set<String> ALL_SCOPES = Set.of("read", "write", "follow", "push");

	private static final String INVALID_CLIENT = "Client authentication failed due to unknown client, no client "
			+ "authentication included, or unsupported authentication method.";

	private static final String INVALID_GRANT = "The provided authorization grant is invalid, expired, revoked, does "
			+ "not match the redirection URI used in the authorization request, or was issued to another client.";

	private static final int RATE_LIMIT = 300;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, Account> accountsById = new ConcurrentHashMap<>();

	private final Map<String, Account> accountsByName = new ConcurrentHashMap<>();

	private final AtomicLong accountIds = new AtomicLong(110);

	private final Map<String, App> apps = new ConcurrentHashMap<>();

	private final AtomicLong appIds = new AtomicLong();

	private final Map<String, Authorization> codes = new ConcurrentHashMap<>();

	private final Map<String, Grant> tokens = new ConcurrentHashMap<>();

	/** Statuses by {@code <account id>/<Idempotency-Key>}: keys are per account. */
	private final Map<String, Status> byKey = new ConcurrentHashMap<>();

	private final Map<String, Status> byId = new ConcurrentHashMap<>();

	/** Statuses by numeric id, which is the order they were created in. */
	private final ConcurrentSkipListMap<Long, Status> ordered = new ConcurrentSkipListMap<>();

	private final Map<String, LongAdder> replies = new ConcurrentHashMap<>();

	/** {@code POST /api/v1/statuses} requests by their {@code Idempotency-Key}. */
	private final Map<String, LongAdder> requestsByKey = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> statusesPerAccount = new ConcurrentHashMap<>();

	private final Map<String, Counts> counts = new ConcurrentHashMap<>();

	/** Reads of a status answered 429 from now on, until the limit resets. */
	private final AtomicReference<@Nullable Instant> readsLimitedUntil = new AtomicReference<>();

	private final AtomicInteger statusReads = new AtomicInteger();

	private final AtomicLong ids = new AtomicLong(113_000_000_000_000_000L);

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger remaining = new AtomicInteger(RATE_LIMIT);

	private final AtomicInteger instanceReads = new AtomicInteger();

	private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

	/** Polls each upload still answers 206 to, by media id. */
	private final Map<String, AtomicInteger> processing = new ConcurrentHashMap<>();

	/** The media of each status that has any, in the order of its {@code media_ids}. */
	private final Map<String, List<Upload>> attachments = new ConcurrentHashMap<>();

	private final Map<String, String> attachedTo = new ConcurrentHashMap<>();

	private final AtomicInteger uploadCount = new AtomicInteger();

	private final AtomicInteger processNext = new AtomicInteger();

	private volatile int maxCharacters = 500;

	private volatile @Nullable Integer maxMediaAttachments = 4;

	private volatile @Nullable Integer charactersReservedPerUrl = 23;

	/**
	 * A status the fake holds.
	 *
	 * @param id its id
	 * @param accountId the account that posted it
	 * @param text the text it was posted with
	 * @param inReplyToId the status it replies to, if any
	 * @param idempotencyKey the key it was posted under
	 * @param createdAt when it was created
	 */
	public record Status(String id, String accountId, String text, @Nullable String inReplyToId, String idempotencyKey,
			Instant createdAt) {
	}

	/**
	 * A file uploaded with {@code POST /api/v2/media}.
	 *
	 * @param id its media id
	 * @param accountId the account that uploaded it
	 * @param mimeType the type of its {@code file} part
	 * @param size its length in bytes
	 * @param filename the part's file name
	 * @param description its alt text, if given
	 */
	public record Upload(String id, String accountId, String mimeType, long size, @Nullable String filename,
			@Nullable String description) {
	}

	/**
	 * An account of the instance.
	 *
	 * @param id its id
	 * @param username its user name
	 * @param createdAt when it was created
	 */
	record Account(String id, String username, Instant createdAt, long followers, long following) {
	}

	/**
	 * A registered app.
	 *
	 * @param name its {@code client_name}
	 * @param website its website, if given
	 * @param redirectUris where it may send users back to
	 * @param scopes what it may ask for
	 */
	record App(String id, String name, @Nullable String website, String clientId, String clientSecret,
			List<String> redirectUris, Set<String> scopes) {
	}

	/** An authorization code, before it is exchanged. */
	private record Authorization(String clientId, String accountId, String redirectUri, Set<String> scopes,
			@Nullable String challenge, Instant expiresAt) {
	}

	/** What an access token may do, and for whom. */
	private record Grant(String accountId, Set<String> scopes, @Nullable String clientId, Instant createdAt) {

		/**
		 * Whether the token has one of these scopes (a parent scope covers its children).
		 */
		boolean allows(String... wanted) {
			return Arrays.stream(wanted).anyMatch(this.scopes::contains);
		}

	}

	private record Counts(long favourites, long reblogs) {
	}

	/** An instance on any free port whose constructor token posts as {@code @herald}. */
	public FakeMastodon(String token) {
		this(0, token);
	}

	/**
	 * An instance on this port (0 for any free one) whose constructor token posts as
	 * {@code @herald}.
	 */
	public FakeMastodon(int port, String token) {
		super(port, "/");
		Account herald = new Account(DEFAULT_ACCOUNT_ID, DEFAULT_USER, now().truncatedTo(ChronoUnit.SECONDS), 0, 0);
		this.accountsById.put(herald.id(), herald);
		this.accountsByName.put(herald.username(), herald);
		this.tokens.put(token, new Grant(herald.id(), ALL_SCOPES, null, now()));
	}

	/** The instance's URL. */
	public URI url() {
		return baseUrl();
	}

	/**
	 * The instance's {@code max_characters} (500 unless changed), as its admin may lower
	 * it while clients still hold the old limit.
	 */
	public void maxCharacters(int maxCharacters) {
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

	/**
	 * A token for this user (created on first use) with every scope but admin, as the
	 * instance's Development settings page hands one out: how a benchmark gets many
	 * accounts without running the OAuth flow for each.
	 */
	public String issueToken(String username) {
		String token = randomToken();
		this.tokens.put(token, new Grant(account(username).id(), ALL_SCOPES, null, now()));
		return token;
	}

	/**
	 * How many times a status was asked for under this {@code Idempotency-Key}, whatever
	 * the answer: a client that sends a post once asks once.
	 */
	public int publishRequests(String idempotencyKey) {
		LongAdder requests = this.requestsByKey.get(idempotencyKey);
		return (requests != null) ? requests.intValue() : 0;
	}

	/** Every status the fake holds, in the order they were created. */
	public List<Status> statuses() {
		return List.copyOf(this.ordered.values());
	}

	/** This user's statuses, in the order they were created. */
	public List<Status> statusesOf(String username) {
		Account account = this.accountsByName.get(username);
		return (account != null)
				? this.ordered.values().stream().filter((s) -> s.accountId().equals(account.id())).toList() : List.of();
	}

	Optional<Status> status(String id) {
		return Optional.ofNullable(this.byId.get(id));
	}

	/** The app registered under this client id. */
	Optional<App> app(String clientId) {
		return Optional.ofNullable(this.apps.get(clientId));
	}

	/** The PKCE challenge an unused authorization code was issued with. */
	Optional<String> codeChallenge(String code) {
		return Optional.ofNullable(this.codes.get(code)).map(Authorization::challenge);
	}

	/** Sets how many favourited and boosted a status. */
	public void engage(String statusId, long favourites, long reblogs) {
		this.counts.put(statusId, new Counts(favourites, reblogs));
	}

	/**
	 * Answers reads of a status ({@code GET /api/v1/statuses/:id}) with 429 and
	 * Mastodon's rate-limit headers until {@code reset} has passed on the fake's clock.
	 */
	public void rateLimitReads(Duration reset) {
		this.readsLimitedUntil.set(now().plus(reset));
	}

	/** How many reads of a status were answered (a 429 included). */
	public int statusReads() {
		return this.statusReads.get();
	}

	/** Sets how many follow this user, and how many it follows. */
	void follows(String username, long followers, long following) {
		this.accountsByName.computeIfPresent(username, (name, account) -> {
			Account changed = new Account(account.id(), name, account.createdAt(), followers, following);
			this.accountsById.put(changed.id(), changed);
			return changed;
		});
	}

	/**
	 * The next uploads, pictures too, answer 202 and then 206 to this many polls each
	 * before they are processed (a video takes one poll unless told).
	 */
	void processMedia(int polls) {
		this.processNext.set(polls);
	}

	/** How many files were uploaded. */
	int uploads() {
		return this.uploadCount.get();
	}

	/** The media attached to this status, in order. */
	public List<Upload> attachments(String statusId) {
		return this.attachments.getOrDefault(statusId, List.of());
	}

	@Override
	public int accepted() {
		return this.accepted.get();
	}

	@Override
	protected void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String method = exchange.getRequestMethod();
		byte[] body = exchange.getRequestBody().readAllBytes();
		Matcher status = STATUS_PATH.matcher(path);
		Matcher accountStatuses = ACCOUNT_STATUSES_PATH.matcher(path);
		switch (method + " " + path) {
			case "GET /api/v2/instance" -> {
				this.instanceReads.incrementAndGet();
				answer(exchange, 200, instance(), null);
			}
			case "POST /api/v1/apps" -> registerApp(exchange, body);
			case "GET /oauth/authorize" -> authorize(exchange);
			case "POST /oauth/token" -> token(exchange, body);
			case "POST /oauth/revoke" -> revoke(exchange, body);
			case "GET /api/v1/accounts/verify_credentials" -> verifyCredentials(exchange);
			case "POST /api/v1/statuses" -> postStatus(exchange, body);
			case "POST /api/v2/media" -> uploadMedia(exchange, body);
			default -> {
				Matcher media = MEDIA_PATH.matcher(path);
				if ("GET".equals(method) && media.matches()) {
					showMedia(exchange, media.group(1));
				}
				else if ("GET".equals(method) && status.matches()) {
					showStatus(exchange, status.group(1));
				}
				else if ("GET".equals(method) && accountStatuses.matches()) {
					listStatuses(exchange, accountStatuses.group(1));
				}
				else {
					answer(exchange, 404, error("Record not found"), null);
				}
			}
		}
	}

	// Apps and OAuth

	private void registerApp(HttpExchange exchange, byte[] body) throws IOException {
		Map<String, List<String>> params = params(exchange, body);
		if (params == null) {
			answer(exchange, 400, error("Unexpected token in JSON"), null);
			return;
		}
		String name = first(params, "client_name");
		List<String> redirectUris = params.getOrDefault("redirect_uris", List.of())
			.stream()
			.flatMap((value) -> Arrays.stream(value.split("\\s+")))
			.filter((value) -> !value.isEmpty())
			.toList();
		Set<String> scopes = scopes(Objects.requireNonNullElse(first(params, "scopes"), "read"));
		if (name == null || name.isBlank()) {
			answer(exchange, 422, error("Validation failed: Application name can't be blank"), null);
			return;
		}
		if (redirectUris.isEmpty()) {
			answer(exchange, 422, error("Validation failed: Redirect URI can't be blank"), null);
			return;
		}
		if (!redirectUris.stream().allMatch(FakeMastodon::isRedirectUri)) {
			answer(exchange, 422, error("Validation failed: Redirect URI must be an absolute URI."), null);
			return;
		}
		if (scopes.isEmpty() || !scopes.stream().allMatch((scope) -> SCOPE.matcher(scope).matches())) {
			answer(exchange, 422, error("Validation failed: Scopes doesn't match configured ones"), null);
			return;
		}
		App app = new App(Long.toString(this.appIds.incrementAndGet()), name, first(params, "website"), randomToken(),
				randomToken(), redirectUris, scopes);
		this.apps.put(app.clientId(), app);
		ObjectNode answer = this.json.createObjectNode();
		answer.put("id", app.id());
		answer.put("name", app.name());
		answer.put("website", app.website());
		ArrayNode scopeList = answer.putArray("scopes");
		app.scopes().forEach(scopeList::add);
		answer.put("redirect_uri", String.join("\n", app.redirectUris()));
		ArrayNode uriList = answer.putArray("redirect_uris");
		app.redirectUris().forEach(uriList::add);
		answer.put("vapid_key", "BFakeVapidKeyOfTheFakeMastodonInstance");
		answer.put("client_id", app.clientId());
		answer.put("client_secret", app.clientSecret());
		answer.put("client_secret_expires_at", 0);
		answer(exchange, 200, answer, null);
	}

	private static boolean isRedirectUri(String value) {
		if (OUT_OF_BAND.equals(value)) {
			return true;
		}
		try {
			URI uri = new URI(value);
			return uri.isAbsolute() && uri.getRawFragment() == null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/** The signed-in user approves at once. */
	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, List<String>> query = query(exchange);
		App app = this.apps.get(Objects.requireNonNullElse(first(query, "client_id"), ""));
		if (app == null) {
			answer(exchange, 401, oauthError("invalid_client", INVALID_CLIENT), null);
			return;
		}
		String redirectUri = first(query, "redirect_uri");
		if (redirectUri == null && app.redirectUris().size() == 1) {
			redirectUri = app.redirectUris().getFirst();
		}
		if (redirectUri == null || !app.redirectUris().contains(redirectUri)) {
			answer(exchange, 400, oauthError("invalid_redirect_uri",
					"The requested redirect uri is malformed or doesn't match client redirect URI."), null);
			return;
		}
		String state = first(query, "state");
		if (!"code".equals(first(query, "response_type"))) {
			redirect(exchange, redirectUri, "error", "unsupported_response_type", "error_description",
					"The authorization server does not support this response type.", "state", state);
			return;
		}
		Set<String> scopes = scopes(Objects.requireNonNullElse(first(query, "scope"), "read"));
		if (scopes.isEmpty() || !app.scopes().containsAll(scopes)) {
			redirect(exchange, redirectUri, "error", "invalid_scope", "error_description",
					"The requested scope is invalid, unknown, or malformed.", "state", state);
			return;
		}
		String challenge = first(query, "code_challenge");
		if (challenge != null && !"S256".equals(first(query, "code_challenge_method"))) {
			redirect(exchange, redirectUri, "error", "invalid_request", "error_description",
					"Invalid code_challenge_method.", "state", state);
			return;
		}
		String login = Objects.requireNonNullElse(first(query, "login"), DEFAULT_USER);
		if (!USERNAME.matcher(login).matches()) {
			answer(exchange, 422, error("Validation failed: Username only letters, numbers and underscores"), null);
			return;
		}
		String code = randomToken();
		this.codes.put(code, new Authorization(app.clientId(), account(login).id(), redirectUri, scopes, challenge,
				now().plus(CODE_LIFETIME)));
		if (OUT_OF_BAND.equals(redirectUri)) {
			send(exchange, 200, "text/html; charset=utf-8",
					("<!doctype html><p>Copy this authorization code into the app: <code>" + code + "</code></p>")
						.getBytes(StandardCharsets.UTF_8),
					Map.of());
			return;
		}
		redirect(exchange, redirectUri, "code", code, "state", state);
	}

	/**
	 * 302 to the URI with these parameters (pairs of name and value; a null value is left
	 * out).
	 */
	private static void redirect(HttpExchange exchange, String uri, @Nullable String... pairs) throws IOException {
		StringBuilder location = new StringBuilder(uri);
		char separator = uri.contains("?") ? '&' : '?';
		for (int i = 0; i < pairs.length; i += 2) {
			if (pairs[i + 1] != null) {
				location.append(separator)
					.append(pairs[i])
					.append('=')
					.append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
				separator = '&';
			}
		}
		send(exchange, 302, "text/html; charset=utf-8", new byte[0], Map.of("Location", location.toString()));
	}

	private void token(HttpExchange exchange, byte[] body) throws IOException {
		Map<String, List<String>> params = params(exchange, body);
		if (params == null) {
			answer(exchange, 400, oauthError("invalid_request", "The request is malformed."), null);
			return;
		}
		if (!"authorization_code".equals(first(params, "grant_type"))) {
			answer(exchange, 400, oauthError("unsupported_grant_type",
					"The authorization grant type is not supported by the authorization server."), null);
			return;
		}
		App app = client(exchange, params);
		if (app == null) {
			answer(exchange, 401, oauthError("invalid_client", INVALID_CLIENT), null);
			return;
		}
		String code = Objects.requireNonNullElse(first(params, "code"), "");
		Authorization authorization = this.codes.get(code);
		if (authorization == null || !authorization.clientId().equals(app.clientId())
				|| authorization.expiresAt().isBefore(now())
				|| !authorization.redirectUri().equals(first(params, "redirect_uri"))) {
			answer(exchange, 400, oauthError("invalid_grant", INVALID_GRANT), null);
			return;
		}
		if (authorization.challenge() != null) {
			String verifier = first(params, "code_verifier");
			if (verifier == null || !authorization.challenge().equals(s256(verifier))) {
				answer(exchange, 400, oauthError("invalid_grant", INVALID_GRANT), null);
				return;
			}
		}
		// single use, even when two exchanges of one code race
		if (!this.codes.remove(code, authorization)) {
			answer(exchange, 400, oauthError("invalid_grant", INVALID_GRANT), null);
			return;
		}
		String token = randomToken();
		Instant now = now();
		this.tokens.put(token, new Grant(authorization.accountId(), authorization.scopes(), app.clientId(), now));
		ObjectNode answer = this.json.createObjectNode();
		answer.put("access_token", token);
		answer.put("token_type", "Bearer");
		answer.put("scope", String.join(" ", authorization.scopes()));
		answer.put("created_at", now.getEpochSecond());
		answer(exchange, 200, answer, null);
	}

	private void revoke(HttpExchange exchange, byte[] body) throws IOException {
		Map<String, List<String>> params = params(exchange, body);
		App app = (params != null) ? client(exchange, params) : null;
		if (params == null || app == null) {
			answer(exchange, 401, oauthError("invalid_client", INVALID_CLIENT), null);
			return;
		}
		String token = Objects.requireNonNullElse(first(params, "token"), "");
		Grant grant = this.tokens.get(token);
		if (grant != null && !app.clientId().equals(grant.clientId())) {
			answer(exchange, 403, oauthError("unauthorized_client", "You are not authorized to revoke this token"),
					null);
			return;
		}
		// an unknown token counts as revoked (RFC 7009)
		this.tokens.remove(token);
		answer(exchange, 200, this.json.createObjectNode(), null);
	}

	/** The client authenticated by form parameters or HTTP Basic, or {@code null}. */
	private @Nullable App client(HttpExchange exchange, Map<String, List<String>> params) {
		String id = first(params, "client_id");
		String secret = first(params, "client_secret");
		String basic = exchange.getRequestHeaders().getFirst("Authorization");
		if (basic != null && basic.startsWith("Basic ")) {
			String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8)
				.split(":", 2);
			id = pair[0];
			secret = (pair.length > 1) ? pair[1] : null;
		}
		App app = (id != null) ? this.apps.get(id) : null;
		return (app != null && app.clientSecret().equals(secret)) ? app : null;
	}

	// Accounts

	private void verifyCredentials(HttpExchange exchange) throws IOException {
		Grant grant = grant(exchange);
		if (grant == null) {
			answer(exchange, 401, error("The access token is invalid"), null);
			return;
		}
		if (!grant.allows("read", "read:accounts", "profile")) {
			answer(exchange, 403, error("This action is outside the authorized scopes"), null);
			return;
		}
		answer(exchange, 200, render(this.accountsById.get(grant.accountId())), null);
	}

	private void listStatuses(HttpExchange exchange, String accountId) throws IOException {
		if (hasInvalidToken(exchange)) {
			answer(exchange, 401, error("The access token is invalid"), null);
			return;
		}
		if (!this.accountsById.containsKey(accountId)) {
			answer(exchange, 404, error("Record not found"), null);
			return;
		}
		Map<String, List<String>> query = query(exchange);
		int limit = Math.min(40, Math.max(1, parseInt(first(query, "limit"), 20)));
		String maxId = first(query, "max_id");
		ArrayNode list = this.json.createArrayNode();
		this.ordered.descendingMap()
			.values()
			.stream()
			.filter((s) -> s.accountId().equals(accountId))
			.filter((s) -> maxId == null || Long.parseLong(s.id()) < parseLong(maxId))
			.limit(limit)
			.forEach((s) -> list.add(render(s)));
		answer(exchange, 200, list, null);
	}

	private Account account(String username) {
		return this.accountsByName.computeIfAbsent(username, (name) -> {
			Account account = new Account(Long.toString(this.accountIds.incrementAndGet()), name,
					now().truncatedTo(ChronoUnit.SECONDS), 0, 0);
			this.accountsById.put(account.id(), account);
			return account;
		});
	}

	// Statuses

	private void postStatus(HttpExchange exchange, byte[] body) throws IOException {
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		this.requestsByKey.computeIfAbsent(Objects.requireNonNullElse(key, ""), (k) -> new LongAdder()).increment();
		switch (publishFault()) {
			// a slow instance: the status is created and answered later, from another
			// thread, even if the client has stopped waiting
			case Fault.Delay delay -> later(delay.delay(), () -> reply(exchange, createStatus(exchange, body)));
			// created now, answered later
			case Fault.Hold hold -> {
				Reply reply = createStatus(exchange, body);
				later(hold.delay(), () -> reply(exchange, reply));
			}
			case Fault.Status code -> answer(exchange, code.code(), error(switch (code.code()) {
				case 401 -> "The access token is invalid";
				case 422 -> "Validation failed: Text can't be blank";
				case 429 -> "Too many requests";
				case 404 -> "Record not found";
				default -> "Something went wrong on our end";
			}), null);
			case Fault.RateLimit limit -> answer(exchange, 429, error("Too many requests"), limit.reset());
			case null -> reply(exchange, createStatus(exchange, body));
		}
	}

	/** An answer decided before it is sent. */
	private record Reply(int status, JsonNode body) {
	}

	private void reply(HttpExchange exchange, Reply reply) throws IOException {
		answer(exchange, reply.status(), reply.body(), null);
	}

	private Reply createStatus(HttpExchange exchange, byte[] body) {
		Grant grant = grant(exchange);
		if (grant == null) {
			return new Reply(401, error("The access token is invalid"));
		}
		if (!grant.allows("write", "write:statuses")) {
			return new Reply(403, error("This action is outside the authorized scopes"));
		}
		Map<String, List<String>> params = params(exchange, body);
		if (params == null) {
			return new Reply(400, error("Unexpected token in JSON"));
		}
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		String scopedKey = (key != null) ? grant.accountId() + "/" + key : null;
		Status known = (scopedKey != null) ? this.byKey.get(scopedKey) : null;
		if (known != null) {
			return new Reply(200, render(known));
		}
		String text = Objects.requireNonNullElse(first(params, "status"), "");
		List<String> mediaIds = params.getOrDefault("media_ids", List.of());
		String refusal = mediaRefusal(grant.accountId(), mediaIds);
		if (refusal != null) {
			return new Reply(422, error(refusal));
		}
		if (text.isBlank() && mediaIds.isEmpty()) {
			return new Reply(422, error("Validation failed: Text can't be blank"));
		}
		if (length(text) > this.maxCharacters) {
			return new Reply(422,
					error("Validation failed: Text character limit of " + this.maxCharacters + " exceeded"));
		}
		String inReplyTo = first(params, "in_reply_to_id");
		if (inReplyTo != null && !this.byId.containsKey(inReplyTo)) {
			return new Reply(404, error("Record not found"));
		}
		Status status = (scopedKey != null)
				? this.byKey.computeIfAbsent(scopedKey, (k) -> store(grant.accountId(), text, inReplyTo, key))
				: store(grant.accountId(), text, inReplyTo, "");
		attach(status, mediaIds);
		return new Reply(200, render(status));
	}

	/** Creates a status; called once per idempotency key, even under concurrency. */
	private Status store(String accountId, String text, @Nullable String inReplyTo, String key) {
		long id = this.ids.incrementAndGet();
		Status status = new Status(Long.toString(id), accountId, text, inReplyTo, key,
				now().truncatedTo(ChronoUnit.MILLIS));
		this.byId.put(status.id(), status);
		this.ordered.put(id, status);
		this.statusesPerAccount.computeIfAbsent(accountId, (a) -> new LongAdder()).increment();
		if (inReplyTo != null) {
			this.replies.computeIfAbsent(inReplyTo, (r) -> new LongAdder()).increment();
		}
		this.accepted.incrementAndGet();
		return status;
	}

	// Media

	private void uploadMedia(HttpExchange exchange, byte[] body) throws IOException {
		Grant grant = grant(exchange);
		if (grant == null) {
			answer(exchange, 401, error("The access token is invalid"), null);
			return;
		}
		if (!grant.allows("write", "write:media")) {
			answer(exchange, 403, error("This action is outside the authorized scopes"), null);
			return;
		}
		Map<String, Part> parts = multipart(exchange, body);
		Part file = parts.get("file");
		if (file == null || file.filename() == null) {
			answer(exchange, 422, error("Validation failed: File can't be blank"), null);
			return;
		}
		String type = Objects.requireNonNullElse(file.contentType(), "application/octet-stream");
		boolean image = type.startsWith("image/");
		boolean video = type.startsWith("video/") || type.startsWith("audio/");
		if (!image && !video) {
			answer(exchange, 422, error("Validation failed: File content type is invalid, File is invalid"), null);
			return;
		}
		long limit = image ? IMAGE_LIMIT : VIDEO_LIMIT;
		if (file.content().length > limit) {
			answer(exchange, 422,
					error("Validation failed: File file size must be less than " + (limit / 1024 / 1024) + " MB"),
					null);
			return;
		}
		Part description = parts.get("description");
		Upload upload = new Upload(Long.toString(this.ids.incrementAndGet()), grant.accountId(), type,
				file.content().length, file.filename(),
				(description != null) ? new String(description.content(), StandardCharsets.UTF_8) : null);
		this.uploads.put(upload.id(), upload);
		this.uploadCount.incrementAndGet();
		int polls = this.processNext.getAndSet(0);
		if (video && polls == 0) {
			polls = 1;
		}
		this.processing.put(upload.id(), new AtomicInteger(polls));
		answer(exchange, (polls > 0) ? 202 : 200, render(upload, polls == 0), null);
	}

	private void showMedia(HttpExchange exchange, String id) throws IOException {
		Grant grant = grant(exchange);
		if (grant == null) {
			answer(exchange, 401, error("The access token is invalid"), null);
			return;
		}
		Upload upload = this.uploads.get(id);
		if (upload == null || !upload.accountId().equals(grant.accountId())) {
			answer(exchange, 404, error("Record not found"), null);
			return;
		}
		boolean ready = this.processing.get(id).getAndUpdate((left) -> Math.max(0, left - 1)) == 0;
		answer(exchange, ready ? 200 : 206, render(upload, ready), null);
	}

	/**
	 * Why these media cannot be attached, as Mastodon says it; {@code null} if they can.
	 */
	private @Nullable String mediaRefusal(String accountId, List<String> mediaIds) {
		if (mediaIds.size() > ((this.maxMediaAttachments != null) ? this.maxMediaAttachments : 4)) {
			return "Cannot attach more than " + this.maxMediaAttachments + " files";
		}
		for (String id : mediaIds) {
			Upload upload = this.uploads.get(id);
			if (upload == null || !upload.accountId().equals(accountId) || this.attachedTo.containsKey(id)) {
				return "Media " + id + " not found or already attached to another post";
			}
		}
		for (String id : mediaIds) {
			if (this.processing.get(id).get() > 0) {
				return NOT_PROCESSED;
			}
		}
		return null;
	}

	private void attach(Status status, List<String> mediaIds) {
		if (!mediaIds.isEmpty()) {
			this.attachments.computeIfAbsent(status.id(), (s) -> {
				mediaIds.forEach((id) -> this.attachedTo.put(id, s));
				return mediaIds.stream().map(this.uploads::get).toList();
			});
		}
	}

	private ObjectNode render(Upload upload, boolean ready) {
		ObjectNode node = this.json.createObjectNode();
		node.put("id", upload.id());
		node.put("type", upload.mimeType().startsWith("image/") ? "image"
				: upload.mimeType().startsWith("audio/") ? "audio" : "video");
		node.put("url", ready ? url() + "/system/media_attachments/files/" + upload.id() + "/original" : null);
		node.put("preview_url", url() + "/system/media_attachments/files/" + upload.id() + "/small");
		node.put("remote_url", (String) null);
		node.put("description", upload.description());
		return node;
	}

	/** One part of a {@code multipart/form-data} body. */
	private record Part(@Nullable String filename, @Nullable String contentType, byte[] content) {
	}

	/** The parts of a {@code multipart/form-data} body by name (bytes kept as sent). */
	private static Map<String, Part> multipart(HttpExchange exchange, byte[] body) {
		String type = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "");
		Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(type);
		Map<String, Part> parts = new LinkedHashMap<>();
		if (!type.startsWith("multipart/form-data") || !boundary.find()) {
			return parts;
		}
		// ISO-8859-1 maps every byte to one char and back: binary content survives
		String text = new String(body, StandardCharsets.ISO_8859_1);
		for (String chunk : text.split("--" + Pattern.quote(boundary.group(1)))) {
			int headersEnd = chunk.indexOf("\r\n\r\n");
			if (headersEnd < 0) {
				continue;
			}
			String headers = chunk.substring(0, headersEnd);
			String content = chunk.substring(headersEnd + 4);
			if (content.endsWith("\r\n")) {
				content = content.substring(0, content.length() - 2);
			}
			Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
			Matcher filename = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
			Matcher contentType = Pattern.compile("(?i)content-type:\\s*([^\r\n;]+)").matcher(headers);
			if (name.find()) {
				parts.put(name.group(1),
						new Part(filename.find() ? filename.group(1) : null,
								contentType.find() ? contentType.group(1).strip() : null,
								content.getBytes(StandardCharsets.ISO_8859_1)));
			}
		}
		return parts;
	}

	private void showStatus(HttpExchange exchange, String id) throws IOException {
		this.statusReads.incrementAndGet();
		Instant limitedUntil = this.readsLimitedUntil.get();
		if (limitedUntil != null && now().isBefore(limitedUntil)) {
			answer(exchange, 429, error("Too many requests"), Duration.between(now(), limitedUntil));
			return;
		}
		if (hasInvalidToken(exchange)) {
			answer(exchange, 401, error("The access token is invalid"), null);
			return;
		}
		Status status = this.byId.get(id);
		if (status == null) {
			answer(exchange, 404, error("Record not found"), null);
		}
		else {
			answer(exchange, 200, render(status), null);
		}
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

	// Rendering

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

	private ObjectNode render(Account account) {
		ObjectNode node = this.json.createObjectNode();
		node.put("id", account.id());
		node.put("username", account.username());
		node.put("acct", account.username());
		node.put("display_name", Character.toUpperCase(account.username().charAt(0)) + account.username().substring(1));
		node.put("locked", false);
		node.put("bot", false);
		node.put("group", false);
		node.put("created_at", account.createdAt().toString());
		node.put("note", "");
		node.put("url", url() + "/@" + account.username());
		node.put("uri", url() + "/users/" + account.username());
		node.put("avatar", url() + "/avatars/original/missing.png");
		node.put("avatar_static", url() + "/avatars/original/missing.png");
		node.put("header", url() + "/headers/original/missing.png");
		node.put("header_static", url() + "/headers/original/missing.png");
		node.put("followers_count", account.followers());
		node.put("following_count", account.following());
		LongAdder statuses = this.statusesPerAccount.get(account.id());
		node.put("statuses_count", (statuses != null) ? statuses.sum() : 0);
		node.putArray("emojis");
		node.putArray("fields");
		return node;
	}

	private ObjectNode render(Status status) {
		Account account = this.accountsById.get(status.accountId());
		Counts counted = this.counts.getOrDefault(status.id(), new Counts(0, 0));
		LongAdder replied = this.replies.get(status.id());
		ObjectNode node = this.json.createObjectNode();
		node.put("id", status.id());
		node.put("uri", url() + "/users/" + account.username() + "/statuses/" + status.id());
		node.put("url", url() + "/@" + account.username() + "/" + status.id());
		node.put("created_at", status.createdAt().toString());
		node.put("content", "<p>"
				+ status.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
				+ "</p>");
		node.put("visibility", "public");
		node.put("in_reply_to_id", status.inReplyToId());
		node.put("favourites_count", counted.favourites());
		node.put("reblogs_count", counted.reblogs());
		node.put("replies_count", (replied != null) ? replied.sum() : 0);
		node.set("account", render(account));
		// attached media are processed, as an instance answers them on a status
		var media = node.putArray("media_attachments");
		attachments(status.id()).forEach((upload) -> media.add(render(upload, true)));
		return node;
	}

	private ObjectNode error(String message) {
		ObjectNode node = this.json.createObjectNode();
		node.put("error", message);
		return node;
	}

	private ObjectNode oauthError(String error, String description) {
		ObjectNode node = error(error);
		node.put("error_description", description);
		return node;
	}

	// Requests

	/** The token's grant, or {@code null} when the request has none or an unknown one. */
	private @Nullable Grant grant(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		return (header != null && header.startsWith("Bearer ")) ? this.tokens.get(header.substring(7)) : null;
	}

	/** A public endpoint still refuses a token that does not work. */
	private boolean hasInvalidToken(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		return header != null && header.startsWith("Bearer ") && grant(exchange) == null;
	}

	/**
	 * The query's and the body's parameters, as Rails merges them: a JSON body, or a form
	 * ({@code name[]} counting as {@code name}); {@code null} for a JSON body that does
	 * not parse.
	 */
	private @Nullable Map<String, List<String>> params(HttpExchange exchange, byte[] body) {
		Map<String, List<String>> params = new LinkedHashMap<>(query(exchange));
		String type = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "");
		if (type.contains("json")) {
			JsonNode node;
			try {
				node = this.json.readTree(body);
			}
			catch (RuntimeException notJson) {
				return null;
			}
			if (node == null || !node.isObject()) {
				return null;
			}
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				List<String> values = new ArrayList<>();
				if (field.getValue().isArray()) {
					field.getValue().forEach((element) -> values.add(element.asString()));
				}
				else if (!field.getValue().isNull()) {
					values.add(field.getValue().asString());
				}
				params.put(field.getKey(), values);
			}
		}
		else {
			decodeForm(new String(body, StandardCharsets.UTF_8)).forEach((name, values) -> params
				.merge(name.endsWith("[]") ? name.substring(0, name.length() - 2) : name, values, (a, b) -> {
					List<String> merged = new ArrayList<>(a);
					merged.addAll(b);
					return merged;
				}));
		}
		return params;
	}

	private static Set<String> scopes(String text) {
		Set<String> scopes = new LinkedHashSet<>();
		for (String scope : text.strip().split("[\\s+]+")) {
			if (!scope.isEmpty()) {
				scopes.add(scope);
			}
		}
		return scopes;
	}

	private static int parseInt(@Nullable String text, int fallback) {
		try {
			return (text != null) ? Integer.parseInt(text) : fallback;
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

	private static long parseLong(String text) {
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			return Long.MAX_VALUE;
		}
	}

	/** 32 random bytes in base64url: the 43 characters of Mastodon's tokens. */
	private static String randomToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The S256 challenge of a verifier, written here apart from Herald's own. */
	private static String s256(String verifier) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(
						MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Answers with Mastodon's rate-limit headers; {@code limitedFor} set means the limit
	 * is spent and resets after it.
	 */
	private void answer(HttpExchange exchange, int status, JsonNode body, @Nullable Duration limitedFor)
			throws IOException {
		Instant now = now().truncatedTo(ChronoUnit.MILLIS);
		int left = (limitedFor != null) ? 0 : Math.max(0, this.remaining.decrementAndGet());
		Instant reset = now.plus((limitedFor != null) ? limitedFor : Duration.ofMinutes(5));
		sendJson(exchange, status, body, Map.of("X-RateLimit-Limit", Integer.toString(RATE_LIMIT),
				"X-RateLimit-Remaining", Integer.toString(left), "X-RateLimit-Reset", reset.toString()));
	}

}
