package dev.herald.identity;

import java.util.UUID;

/**
 * A successful sign-in: the session and its tokens.
 *
 * @param userId the user
 * @param sessionId the new session
 * @param accessToken the access token (a JWT, valid 15 minutes)
 * @param refreshToken the opaque refresh token, rotated on every use
 * @param expiresIn seconds until the access token expires
 */
public record SignedIn(UUID userId, UUID sessionId, String accessToken, String refreshToken, long expiresIn) {
}
