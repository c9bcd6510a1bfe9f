package dev.herald.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings. The defaults are SPEC.md §3.1's.
 *
 * @param bcryptStrength bcrypt's cost (12 or more; tests lower it only to run faster)
 * @param accessTokenTtl life of an access token
 * @param refreshTokenTtl life of a session without "remember me"
 * @param rememberMeTtl life of a session with "remember me"
 * @param verificationTtl life of an email verification link
 * @param passwordResetTtl life of a password reset link
 * @param minPasswordLength shortest password accepted
 * @param failuresBeforeLock failed logins of an account before it is locked
 * @param firstLock how long the first lock lasts; each further failure doubles it
 * @param maxLock the longest lock
 * @param failuresPerIp failed logins allowed from one address per {@code ipWindow}
 * @param ipWindow the window of {@code failuresPerIp}
 * @param signUpsPerIp accounts, reset and verification mails one address may ask for per
 * hour
 * @param metricsToken bearer token that opens {@code /actuator/prometheus} in production
 */
@ConfigurationProperties("herald.identity")
record IdentitySettings(@DefaultValue("12") int bcryptStrength, @DefaultValue("15m") Duration accessTokenTtl,
		@DefaultValue("7d") Duration refreshTokenTtl, @DefaultValue("30d") Duration rememberMeTtl,
		@DefaultValue("24h") Duration verificationTtl, @DefaultValue("1h") Duration passwordResetTtl,
		@DefaultValue("10") int minPasswordLength, @DefaultValue("5") int failuresBeforeLock,
		@DefaultValue("1m") Duration firstLock, @DefaultValue("1h") Duration maxLock,
		@DefaultValue("20") int failuresPerIp, @DefaultValue("15m") Duration ipWindow,
		@DefaultValue("20") int signUpsPerIp, @DefaultValue("30") int socialStartsPerIp,
		@DefaultValue("") String metricsToken) {
}
