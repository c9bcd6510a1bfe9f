package dev.herald.platform.mastodon;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An access token a Mastodon instance granted ({@code POST /oauth/token}). Mastodon's
 * tokens do not expire and come without a refresh token: the token works until the user
 * or Herald revokes it. The token never appears in {@link #toString()}.
 *
 * @param accessToken the bearer token
 * @param scope the granted scopes, space-separated, as the instance answered them (it may
 * grant fewer than asked), or {@code null} if it did not say
 * @param createdAt when the instance created the token, if it said
 */
public record MastodonToken(String accessToken, @Nullable String scope, @Nullable Instant createdAt) {

	public MastodonToken {
		Assert.hasText(accessToken, "accessToken must not be empty");
	}

	@Override
	public String toString() {
		return "MastodonToken[accessToken=(hidden), scope=" + this.scope + ", createdAt=" + this.createdAt + "]";
	}

}
