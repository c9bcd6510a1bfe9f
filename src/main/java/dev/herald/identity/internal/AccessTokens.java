package dev.herald.identity.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.herald.common.Secrets;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Signed JWTs (HMAC-SHA256 with Herald's signing key): access tokens, and the short-lived
 * challenge that carries a login from the password step to the two-factor step. A token
 * of one kind is refused where the other is expected.
 */
@Component
class AccessTokens {

	static final String ISSUER = "herald";

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	static final String ACCESS = "access";

	static final String TWO_FACTOR_CHALLENGE = "2fa-challenge";

	private final JwtEncoder encoder;

	private final NimbusJwtDecoder decoder;

	private final Clock clock;

	private final Cache<String, Jwt> verified = Caffeine.newBuilder()
		.maximumSize(50_000)
		.expireAfterWrite(Duration.ofMinutes(1))
		.build();

	private final Duration accessTtl;

	AccessTokens(Secrets secrets, Clock clock, IdentitySettings settings) {
		SecretKeySpec key = new SecretKeySpec(secrets.jwtSigningKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		this.encoder = NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
		this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
		timestamps.setClock(clock);
		this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(ISSUER)));
		this.clock = clock;
		this.accessTtl = settings.accessTokenTtl();
	}

	Duration accessTtl() {
		return this.accessTtl;
	}

	String access(UUID userId, UUID sessionId) {
		return encode(userId, ACCESS, sessionId.toString(), this.accessTtl, null);
	}

	String twoFactorChallenge(UUID userId, boolean rememberMe) {
		return twoFactorChallenge(userId, rememberMe, "password");
	}

	/**
	 * A challenge for the second step of a login whose first step was {@code firstFactor}
	 * ({@code password}, {@code google}, {@code github}).
	 */
	String twoFactorChallenge(UUID userId, boolean rememberMe, String firstFactor) {
		return encode(userId, TWO_FACTOR_CHALLENGE, Boolean.toString(rememberMe), Duration.ofMinutes(5), firstFactor);
	}

	/**
	 * The decoder for API requests: only access tokens pass. A token verified once is
	 * kept for a minute, so that a client's every request does not pay for the signature
	 * again; its expiry is still checked on every use.
	 */
	JwtDecoder accessDecoder() {
		return (token) -> {
			Jwt cached = this.verified.getIfPresent(token);
			if (cached != null && cached.getExpiresAt() != null
					&& cached.getExpiresAt().plus(CLOCK_SKEW).isAfter(Instant.now(this.clock))) {
				return cached;
			}
			Jwt jwt = this.decoder.decode(token);
			OAuth2TokenValidatorResult kind = kindValidator(ACCESS).validate(jwt);
			if (kind.hasErrors()) {
				throw new org.springframework.security.oauth2.jwt.BadJwtException("Not an access token");
			}
			this.verified.put(token, jwt);
			return jwt;
		};
	}

	/** Decodes a challenge; throws if it is not a valid, unexpired challenge. */
	Jwt decodeChallenge(String token) {
		Jwt jwt = this.decoder.decode(token);
		if (kindValidator(TWO_FACTOR_CHALLENGE).validate(jwt).hasErrors()) {
			throw new org.springframework.security.oauth2.jwt.BadJwtException("Not a two-factor challenge");
		}
		return jwt;
	}

	private String encode(UUID userId, String kind, String context, Duration ttl, @Nullable String firstFactor) {
		Instant now = Instant.now(this.clock);
		JwtClaimsSet.Builder builder = JwtClaimsSet.builder();
		if (firstFactor != null) {
			builder.claim("via", firstFactor);
		}
		JwtClaimsSet claims = builder.issuer(ISSUER)
			.subject(userId.toString())
			.issuedAt(now)
			.expiresAt(now.plus(ttl))
			.claim("kind", kind)
			.claim("ctx", context)
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

	private static OAuth2TokenValidator<Jwt> kindValidator(String kind) {
		return (jwt) -> kind.equals(jwt.getClaimAsString("kind")) ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "wrong token kind", null));
	}

}
