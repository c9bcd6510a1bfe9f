package dev.herald.identity.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import dev.herald.common.ApiError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sign-in with Google through OpenID Connect: endpoints from the issuer's discovery
 * document, the authorization code flow with PKCE and a nonce, and an ID token checked
 * for its signature (the issuer's JWKS), issuer, audience, expiry and nonce before its
 * {@code sub} and verified email are believed.
 */
@Component
class GoogleLogin implements SocialProvider {

	private static final Logger log = LoggerFactory.getLogger(GoogleLogin.class);

	/** Google's ID tokens may name the issuer with or without the scheme. */
	private static final String GOOGLE_ISSUER = "https://accounts.google.com";

	private final SocialLoginSettings.Google settings;

	private final Duration timeout;

	private final RestClient http;

	private final JsonMapper json;

	private final Clock clock;

	private volatile @Nullable Provider provider;

	GoogleLogin(SocialLoginSettings settings, JsonMapper json, Clock clock) {
		this.settings = settings.google();
		this.timeout = settings.timeout();
		this.http = SocialProvider.http(settings.timeout());
		this.json = json;
		this.clock = clock;
	}

	@Override
	public String id() {
		return "google";
	}

	@Override
	public String displayName() {
		return "Google";
	}

	@Override
	public boolean configured() {
		return this.settings.configured();
	}

	@Override
	public String environmentVariables() {
		return "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET";
	}

	@Override
	public boolean openIdConnect() {
		return true;
	}

	@Override
	public URI authorizationUri(AuthorizationRequest request) {
		return UriComponentsBuilder.fromUri(provider().authorizationEndpoint())
			.queryParam("response_type", "code")
			.queryParam("client_id", this.settings.clientId())
			.queryParam("redirect_uri", request.redirectUri())
			.queryParam("scope", "openid email profile")
			.queryParam("state", request.state())
			.queryParam("nonce", request.nonce())
			.queryParam("code_challenge", request.codeChallenge())
			.queryParam("code_challenge_method", "S256")
			.encode()
			.build()
			.toUri();
	}

	@Override
	public ProviderIdentity identify(String code, String redirectUri, SocialLoginStates.Pending pending) {
		Provider provider = provider();
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", redirectUri);
		form.add("code_verifier", pending.codeVerifier());
		form.add("client_id", this.settings.clientId());
		form.add("client_secret", this.settings.clientSecret());
		Answer answer = call(() -> SocialProvider.exchange(this.http.post()
			.uri(provider.tokenEndpoint())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(form), this.json));
		String idToken = answer.text("id_token");
		if (!answer.ok() || idToken == null) {
			String error = Objects.requireNonNullElse(answer.text("error"), "HTTP " + answer.status());
			log.warn("Google refused the code exchange: {}", error);
			throw ApiError.unauthorized("Google did not accept the sign-in (" + error + "): start again");
		}
		Jwt token;
		try {
			token = provider.decoder().decode(idToken);
		}
		catch (JwtException ex) {
			log.warn("Google's ID token was refused: {}", ex.getMessage());
			throw ApiError.unauthorized("Google's answer could not be verified: start the sign-in again");
		}
		String nonce = token.getClaimAsString("nonce");
		if (pending.nonce() == null || nonce == null || !MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8),
				pending.nonce().getBytes(StandardCharsets.UTF_8))) {
			log.warn("Google's ID token carried the wrong nonce");
			throw ApiError.unauthorized("Google's answer does not belong to this sign-in: start again");
		}
		String email = token.getClaimAsString("email");
		Object verified = token.getClaims().get("email_verified");
		boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
		String name = token.getClaimAsString("name");
		return new ProviderIdentity(id(), token.getSubject(), email, emailVerified && email != null,
				(name != null) ? name : "");
	}

	/** The issuer's endpoints and key set, discovered once and kept. */
	private Provider provider() {
		Provider known = this.provider;
		if (known != null) {
			return known;
		}
		String issuer = trimSlash(this.settings.issuer().toString());
		Answer answer = call(() -> SocialProvider.exchange(
				this.http.get().uri(issuer + "/.well-known/openid-configuration").accept(MediaType.APPLICATION_JSON),
				this.json));
		String declared = answer.text("issuer");
		String authorization = answer.text("authorization_endpoint");
		String token = answer.text("token_endpoint");
		String jwks = answer.text("jwks_uri");
		if (!answer.ok() || declared == null || !issuer.equals(trimSlash(declared)) || authorization == null
				|| token == null || jwks == null) {
			log.warn("Google's discovery document at {} is unusable (HTTP {})", issuer, answer.status());
			throw ApiError.unauthorized("Google's sign-in service answered unexpectedly: try again in a moment");
		}
		Provider discovered = new Provider(URI.create(authorization), URI.create(token), decoder(declared, jwks));
		this.provider = discovered;
		return discovered;
	}

	private JwtDecoder decoder(String issuer, String jwksUri) {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory();
		factory.setReadTimeout(this.timeout);
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.restOperations(new RestTemplate(factory))
			.build();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(60));
		timestamps.setClock(this.clock);
		Set<String> issuers = GOOGLE_ISSUER.equals(issuer) ? Set.of(GOOGLE_ISSUER, "accounts.google.com")
				: Set.of(issuer);
		String clientId = this.settings.clientId();
		OAuth2TokenValidator<Jwt> claims = (jwt) -> {
			String iss = jwt.getClaimAsString("iss");
			String azp = jwt.getClaimAsString("azp");
			boolean valid = iss != null && issuers.contains(iss) && jwt.getAudience() != null
					&& jwt.getAudience().contains(clientId) && (azp == null || azp.equals(clientId))
					&& jwt.getExpiresAt() != null && jwt.getSubject() != null && !jwt.getSubject().isBlank();
			return valid ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult
				.failure(new OAuth2Error("invalid_id_token", "wrong issuer, audience, subject or expiry", null));
		};
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, claims));
		return decoder;
	}

	private Answer call(Supplier<Answer> request) {
		try {
			return request.get();
		}
		catch (ResourceAccessException ex) {
			log.warn("Google could not be reached: {}", ex.getMessage());
			throw ApiError.unauthorized("Google could not be reached to finish the sign-in: try again in a moment");
		}
		catch (RestClientException ex) {
			log.warn("Google answered unexpectedly: {}", ex.getMessage());
			throw ApiError.unauthorized("Google answered unexpectedly: try again in a moment");
		}
	}

	private static String trimSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private record Provider(URI authorizationEndpoint, URI tokenEndpoint, JwtDecoder decoder) {
	}

}
