package dev.herald.identity.internal;

import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;

import dev.herald.common.ApiError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sign-in with GitHub (OAuth 2.0 with PKCE; GitHub has no OpenID Connect for users): the
 * code is exchanged for an access token, then {@code /user} gives the stable numeric id
 * and {@code /user/emails} the primary address and whether GitHub verified it.
 */
@Component
class GitHubLogin implements SocialProvider {

	private static final Logger log = LoggerFactory.getLogger(GitHubLogin.class);

	private static final MediaType GITHUB_JSON = MediaType.parseMediaType("application/vnd.github+json");

	private final SocialLoginSettings.GitHub settings;

	private final RestClient http;

	private final JsonMapper json;

	GitHubLogin(SocialLoginSettings settings, JsonMapper json) {
		this.settings = settings.github();
		this.http = SocialProvider.http(settings.timeout());
		this.json = json;
	}

	@Override
	public String id() {
		return "github";
	}

	@Override
	public String displayName() {
		return "GitHub";
	}

	@Override
	public boolean configured() {
		return this.settings.configured();
	}

	@Override
	public String environmentVariables() {
		return "GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET";
	}

	@Override
	public boolean openIdConnect() {
		return false;
	}

	@Override
	public URI authorizationUri(AuthorizationRequest request) {
		return UriComponentsBuilder.fromUri(this.settings.authorizationUri())
			.queryParam("client_id", this.settings.clientId())
			.queryParam("redirect_uri", request.redirectUri())
			.queryParam("scope", "read:user user:email")
			.queryParam("state", request.state())
			.queryParam("code_challenge", request.codeChallenge())
			.queryParam("code_challenge_method", "S256")
			.encode()
			.build()
			.toUri();
	}

	@Override
	public ProviderIdentity identify(String code, String redirectUri, SocialLoginStates.Pending pending) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("client_id", this.settings.clientId());
		form.add("client_secret", this.settings.clientSecret());
		form.add("code", code);
		form.add("redirect_uri", redirectUri);
		form.add("code_verifier", pending.codeVerifier());
		// GitHub answers form-encoded unless asked for JSON, and reports refusals with
		// status 200 and an "error" member
		Answer token = call(() -> SocialProvider.exchange(this.http.post()
			.uri(this.settings.tokenUri())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(form), this.json));
		String accessToken = token.text("access_token");
		if (!token.ok() || token.text("error") != null || accessToken == null) {
			String error = Objects.requireNonNullElse(token.text("error"), "HTTP " + token.status());
			log.warn("GitHub refused the code exchange: {}", error);
			throw ApiError.unauthorized("GitHub did not accept the sign-in (" + error + "): start again");
		}
		Answer user = call(() -> SocialProvider.exchange(api(this.settings.userUri(), accessToken), this.json));
		String subject = (user.body().get("id") != null) ? user.text("id") : null;
		if (!user.ok() || subject == null) {
			log.warn("GitHub's /user answered HTTP {}", user.status());
			throw ApiError.unauthorized("GitHub did not tell who you are (HTTP " + user.status() + "): start again");
		}
		String login = Objects.requireNonNullElse(user.text("login"), "");
		String name = Objects.requireNonNullElse(user.text("name"), login);
		Answer emails = call(() -> SocialProvider.exchange(api(this.settings.emailsUri(), accessToken), this.json));
		if (!emails.ok() || !emails.body().isArray()) {
			log.warn("GitHub's /user/emails answered HTTP {}", emails.status());
			throw ApiError.unauthorized("GitHub did not share your email addresses (HTTP " + emails.status()
					+ "): allow Herald to read them and start again");
		}
		JsonNode primary = null;
		for (JsonNode email : emails.body()) {
			if (email.path("primary").asBoolean(false)) {
				primary = email;
			}
		}
		@Nullable String address = (primary != null) ? Answer.text(primary, "email") : null;
		boolean verified = primary != null && primary.path("verified").asBoolean(false);
		return new ProviderIdentity(id(), subject, address, verified && address != null, name);
	}

	private RestClient.RequestHeadersSpec<?> api(URI uri, String accessToken) {
		return this.http.get()
			.uri(uri)
			.accept(GITHUB_JSON)
			.header("Authorization", "Bearer " + accessToken)
			.header("X-GitHub-Api-Version", "2022-11-28");
	}

	private static Answer call(Supplier<Answer> request) {
		try {
			return request.get();
		}
		catch (ResourceAccessException ex) {
			log.warn("GitHub could not be reached: {}", ex.getMessage());
			throw ApiError.unauthorized("GitHub could not be reached to finish the sign-in: try again in a moment");
		}
		catch (RestClientException ex) {
			log.warn("GitHub answered unexpectedly: {}", ex.getMessage());
			throw ApiError.unauthorized("GitHub answered unexpectedly: try again in a moment");
		}
	}

}
