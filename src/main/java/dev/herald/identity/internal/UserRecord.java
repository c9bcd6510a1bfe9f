package dev.herald.identity.internal;

import java.time.Instant;
import java.util.UUID;

import dev.herald.identity.UserProfile;
import org.jspecify.annotations.Nullable;

/**
 * A user row, credentials included; never leaves this module.
 */
record UserRecord(UUID id, String email, @Nullable String passwordHash, String name, @Nullable String avatarUrl,
		@Nullable Instant emailVerifiedAt, @Nullable String totpSecret, @Nullable String totpPendingSecret,
		@Nullable Instant totpEnabledAt, @Nullable Long totpLastStep, String locale, String timezone,
		@Nullable Instant lastLoginAt, int failedLoginCount, @Nullable Instant lockedUntil, boolean operator,
		Instant createdAt) {

	UserProfile profile() {
		return new UserProfile(this.id, this.email, this.name, this.avatarUrl, this.emailVerifiedAt,
				this.totpEnabledAt != null, this.locale, this.timezone, this.lastLoginAt, this.createdAt);
	}

	boolean twoFactorEnabled() {
		return this.totpEnabledAt != null && this.totpSecret != null;
	}

}
