package dev.herald.identity;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A user as other modules and the API see them: no credentials, no secrets.
 *
 * @param id the user
 * @param email the email address
 * @param name the display name
 * @param avatarUrl the avatar's address
 * @param emailVerifiedAt when the email address was verified
 * @param twoFactorEnabled whether TOTP two-factor authentication is on
 * @param locale preferred language
 * @param timezone IANA time zone
 * @param lastLoginAt the last successful sign-in
 * @param createdAt when the account was created
 */
public record UserProfile(UUID id, String email, String name, @Nullable String avatarUrl,
		@Nullable Instant emailVerifiedAt, boolean twoFactorEnabled, String locale, String timezone,
		@Nullable Instant lastLoginAt, Instant createdAt) {

	public boolean emailVerified() {
		return this.emailVerifiedAt != null;
	}

}
