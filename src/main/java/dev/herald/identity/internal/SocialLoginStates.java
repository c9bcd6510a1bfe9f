package dev.herald.identity.internal;

import java.time.Instant;
import java.util.Optional;

import dev.herald.common.SecretTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * Sign-ins in flight between the redirect to a provider and its callback: the state (kept
 * as its digest), the PKCE verifier and the OIDC nonce. Consuming deletes the row, so a
 * state works once.
 */
@Repository
class SocialLoginStates {

	private final JdbcClient jdbc;

	SocialLoginStates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A sign-in in flight.
	 *
	 * @param codeVerifier the PKCE verifier to send with the code
	 * @param nonce the nonce the ID token must carry, for OpenID Connect
	 */
	record Pending(String codeVerifier, @Nullable String nonce) {
	}

	/** Stores a new sign-in and forgets the expired ones. */
	void save(String state, String provider, String flow, String codeVerifier, @Nullable String nonce, Instant now,
			Instant expiresAt) {
		this.jdbc.sql("DELETE FROM social_login_states WHERE expires_at <= ?").param(ts(now)).update();
		this.jdbc
			.sql("INSERT INTO social_login_states (state_hash, provider, flow, code_verifier, nonce, created_at, "
					+ "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(SecretTokens.hash(state), provider, flow, codeVerifier, nonce, ts(now), ts(expiresAt))
			.update();
	}

	/**
	 * Takes a sign-in out of flight; empty if the state is unknown, used, expired, or was
	 * started for another provider or flow.
	 */
	Optional<Pending> consume(String state, String provider, String flow, Instant now) {
		return this.jdbc
			.sql("DELETE FROM social_login_states WHERE state_hash = ? RETURNING provider, flow, code_verifier, nonce, "
					+ "expires_at")
			.param(SecretTokens.hash(state))
			.query((rs, i) -> new Row(rs.getString("provider"), rs.getString("flow"),
					new Pending(rs.getString("code_verifier"), rs.getString("nonce")), required(rs, "expires_at")))
			.optional()
			.filter((row) -> row.provider().equals(provider) && row.flow().equals(flow) && row.expiresAt().isAfter(now))
			.map(Row::pending);
	}

	private record Row(String provider, String flow, Pending pending, Instant expiresAt) {
	}

}
