package dev.herald.identity.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A session (one signed-in device) as listed to its user.
 *
 * @param id the session
 * @param userId its user
 * @param userAgent the device's user agent at sign-in
 * @param ip the address at sign-in
 * @param rememberMe whether it lasts 30 days instead of 7
 * @param createdAt when it began
 * @param lastUsedAt when its refresh token was last used
 * @param expiresAt when it ends unless refreshed
 * @param revokedAt when it was ended, if it was
 */
public record SessionInfo(UUID id, UUID userId, @Nullable String userAgent, @Nullable String ip, boolean rememberMe,
		Instant createdAt, Instant lastUsedAt, Instant expiresAt, @Nullable Instant revokedAt) {
}
