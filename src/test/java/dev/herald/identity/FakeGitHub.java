package dev.herald.identity;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small GitHub that answers the OAuth web flow and the two REST endpoints Herald calls
 * as GitHub documents them: {@code GET /login/oauth/authorize} (the user approves at
 * once), {@code POST /login/oauth/access_token} (JSON when asked with
 * {@code Accept: application/json}, refusals as status 200 with an {@code error} member,
 * the PKCE verifier checked against the challenge), {@code GET /user} and
 * {@code GET /user/emails} (401 {@code Bad credentials} without a valid token).
 */
final class FakeGitHub implements AutoCloseable {

	static final String CLIENT_ID = "Iv1.herald-test";

	static final String CLIENT_SECRET = "github-test-secret";

	/**
	 * A GitHub user.
	 *
	 * @param id the numeric id
	 * @param login the login
	 * @param name the display name, if set
	 * @param emails the email addresses
	 */
	record User(long id, String login, String name, List<Email> emails) {
	}

	/**
	 * An email address of a user.
	 *
	 * @param email the address
	 * @param primary whether it is the primary address
	 * @param verified whether GitHub verified it
	 */
	record Email(String email, boolean primary, boolean verified) {
	}

	private record Grant(User user, String redirectUri, String challenge) {
	}

	private final HttpServer server;

	private final JsonMapper json = JsonMapper.builder().build();

	private final AtomicReference<User> nextUser = new AtomicReference<>();

	private final Map<String, Grant> codes = new ConcurrentHashMap<>();

	private final Map<String, User> tokens = new ConcurrentHashMap<>();

	FakeGitHub() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/login/oauth/authorize", this::authorize);
		this.server.createContext("/login/oauth/access_token", this::accessToken);
		this.server.createContext("/user", this::user);
		this.server.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** The user who approves the next authorization. */
	void signInAs(User user) {
		this.nextUser.set(user);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = params(exchange.getRequestURI().getRawQuery());
		User user = this.nextUser.get();
		if (!CLIENT_ID.equals(query.get("client_id")) || user == null) {
			send(exchange, 404, "text/html", "Not Found");
			return;
		}
		String code = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
		this.codes.put(code, new Grant(user, query.get("redirect_uri"), query.getOrDefault("code_challenge", "")));
		String location = query.get("redirect_uri") + "?code=" + code + "&state="
				+ URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Location", location);
		send(exchange, 302, "text/html", "");
	}

	private void accessToken(HttpExchange exchange) throws IOException {
		if (!"POST".equals(exchange.getRequestMethod())) {
			send(exchange, 404, "text/html", "Not Found");
			return;
		}
		Map<String, String> form = params(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		boolean wantsJson = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"))
			.contains("application/json");
		if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
			error(exchange, wantsJson, "incorrect_client_credentials",
					"The client_id and/or client_secret passed are incorrect.");
			return;
		}
		Grant grant = this.codes.remove(String.valueOf(form.get("code")));
		if (grant == null || !s256(String.valueOf(form.get("code_verifier"))).equals(grant.challenge())) {
			error(exchange, wantsJson, "bad_verification_code", "The code passed is incorrect or expired.");
			return;
		}
		if (form.get("redirect_uri") != null && !form.get("redirect_uri").equals(grant.redirectUri())) {
			error(exchange, wantsJson, "redirect_uri_mismatch",
					"The redirect_uri MUST match the registered callback URL for this application.");
			return;
		}
		String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
		this.tokens.put(token, grant.user());
		Map<String, String> body = new LinkedHashMap<>();
		body.put("access_token", token);
		body.put("scope", "read:user,user:email");
		body.put("token_type", "bearer");
		answer(exchange, wantsJson, body);
	}

	private void user(HttpExchange exchange) throws IOException {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		User user = (header != null && header.startsWith("Bearer ")) ? this.tokens.get(header.substring(7)) : null;
		if (user == null) {
			sendJson(exchange, 401, Map.of("message", "Bad credentials", "documentation_url",
					"https://docs.github.com/rest", "status", "401"));
			return;
		}
		String path = exchange.getRequestURI().getPath();
		if (path.equals("/user")) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("login", user.login());
			body.put("id", user.id());
			body.put("node_id", "MDQ6VXNlcj" + user.id());
			body.put("avatar_url", "https://avatars.githubusercontent.com/u/" + user.id() + "?v=4");
			body.put("type", "User");
			body.put("site_admin", false);
			body.put("name", user.name());
			body.put("email", null);
			sendJson(exchange, 200, body);
		}
		else if (path.equals("/user/emails")) {
			sendJson(exchange, 200,
					user.emails()
						.stream()
						.map((e) -> Map.of("email", e.email(), "primary", e.primary(), "verified", e.verified(),
								"visibility", e.primary() ? "public" : "private"))
						.toList());
		}
		else {
			sendJson(exchange, 404, Map.of("message", "Not Found"));
		}
	}

	private void error(HttpExchange exchange, boolean wantsJson, String error, String description) throws IOException {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", description);
		body.put("error_uri", "https://docs.github.com/apps/managing-oauth-apps/"
				+ "troubleshooting-oauth-app-access-token-request-errors/#" + error.replace('_', '-'));
		answer(exchange, wantsJson, body);
	}

	/** GitHub answers 200 with JSON or a form-encoded body, as the client asked. */
	private void answer(HttpExchange exchange, boolean wantsJson, Map<String, String> body) throws IOException {
		if (wantsJson) {
			sendJson(exchange, 200, body);
			return;
		}
		StringBuilder form = new StringBuilder();
		body.forEach((key, value) -> form.append(form.isEmpty() ? "" : "&")
			.append(key)
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		send(exchange, 200, "application/x-www-form-urlencoded; charset=utf-8", form.toString());
	}

	private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
		send(exchange, status, "application/json; charset=utf-8", this.json.writeValueAsString(body));
	}

	private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			in.readAllBytes();
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

	private static Map<String, String> params(String encoded) {
		Map<String, String> params = new LinkedHashMap<>();
		if (encoded == null || encoded.isEmpty()) {
			return params;
		}
		for (String pair : encoded.split("&")) {
			int eq = pair.indexOf('=');
			String key = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			params.put(key, value);
		}
		return params;
	}

	private static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
