package dev.herald.identity.internal;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;

import dev.herald.common.ApiError;
import dev.herald.common.Encryptor;
import dev.herald.common.ErrorCode;
import dev.herald.common.HeraldSettings;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.identity.AccountDeleted;
import dev.herald.identity.AccountDeletionVeto;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.EmailVerified;
import dev.herald.identity.LoginFailed;
import dev.herald.identity.LoginSucceeded;
import dev.herald.identity.PasswordChanged;
import dev.herald.identity.SessionsRevoked;
import dev.herald.identity.SignedIn;
import dev.herald.identity.TwoFactorChanged;
import dev.herald.identity.UserProfile;
import dev.herald.identity.UserRegistered;
import dev.herald.identity.Users;
import dev.herald.notification.Mailer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * Accounts and credentials: sign-up and email verification, login with the optional
 * two-factor step, refresh-token rotation with reuse detection, logout, password reset
 * and change, profile, two-factor set-up and account deletion.
 * <p>
 * Each operation runs its writes in one transaction; where a refusal must leave a trace
 * (a failed login, a reused refresh token) that transaction commits before the refusal is
 * answered.
 */
@Service
public class Accounts implements Users {

	private static final String WRONG_CREDENTIALS = "Email or password is incorrect";

	private final UserStore users;

	private final SessionStore sessions;

	private final OneTimeTokens oneTimeTokens;

	private final RecoveryCodes recoveryCodes;

	private final AccessTokens tokens;

	private final PasswordPolicy policy;

	private final LoginThrottle throttle;

	private final SessionGuard guard;

	private final Totp totp;

	private final Encryptor encryptor;

	private final Mailer mailer;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final IdentitySettings settings;

	private final HeraldSettings herald;

	private final ObjectProvider<AccountDeletionVeto> vetoes;

	private final BCryptPasswordEncoder passwords;

	/**
	 * A hash to check wrong passwords of unknown accounts against, so they take as long;
	 * made on first use.
	 */
	private final Supplier<String> dummyHash;

	Accounts(UserStore users, SessionStore sessions, OneTimeTokens oneTimeTokens, RecoveryCodes recoveryCodes,
			AccessTokens tokens, PasswordPolicy policy, LoginThrottle throttle, SessionGuard guard, Totp totp,
			Encryptor encryptor, Mailer mailer, ApplicationEventPublisher events, TransactionTemplate tx, Clock clock,
			IdentitySettings settings, HeraldSettings herald, ObjectProvider<AccountDeletionVeto> vetoes) {
		this.users = users;
		this.sessions = sessions;
		this.oneTimeTokens = oneTimeTokens;
		this.recoveryCodes = recoveryCodes;
		this.tokens = tokens;
		this.policy = policy;
		this.throttle = throttle;
		this.guard = guard;
		this.totp = totp;
		this.encryptor = encryptor;
		this.mailer = mailer;
		this.events = events;
		this.tx = tx;
		this.clock = clock;
		this.settings = settings;
		this.herald = herald;
		this.vetoes = vetoes;
		this.passwords = new BCryptPasswordEncoder(settings.bcryptStrength());
		this.dummyHash = SingletonSupplier.of(() -> this.passwords.encode("herald-timing-equaliser"));
	}

	// sign-up and verification

	public UserProfile register(String email, String password, String name, RequestOrigin origin) {
		this.throttle.checkMailBudget(origin.ip());
		String address = normalizeEmail(email);
		String displayName = normalizeName(name);
		this.policy.check("password", password, address, displayName);
		if (this.users.findByEmail(address).isPresent()) {
			throw emailTaken();
		}
		String hash = this.passwords.encode(password);
		UUID id = Ids.next();
		String token = inTx(() -> {
			Instant now = now();
			try {
				this.users.insert(id, address, hash, displayName, null, now);
			}
			catch (DuplicateKeyException ex) {
				throw emailTaken();
			}
			this.events.publishEvent(new UserRegistered(id, address, "password", origin));
			return this.oneTimeTokens.issue(id, OneTimeTokens.VERIFY_EMAIL, now,
					now.plus(this.settings.verificationTtl()));
		});
		sendVerification(address, displayName, token);
		return this.users.find(id).orElseThrow().profile();
	}

	public void resendVerification(String email, RequestOrigin origin) {
		this.throttle.checkMailBudget(origin.ip());
		this.users.findByEmail(email.trim()).filter((u) -> u.emailVerifiedAt() == null).ifPresent((user) -> {
			String token = inTx(() -> this.oneTimeTokens.issue(user.id(), OneTimeTokens.VERIFY_EMAIL, now(),
					now().plus(this.settings.verificationTtl())));
			sendVerification(user.email(), user.name(), token);
		});
	}

	public UserProfile verifyEmail(String token, RequestOrigin origin) {
		return inTx(() -> {
			UUID userId = this.oneTimeTokens.consume(token.trim(), OneTimeTokens.VERIFY_EMAIL, now())
				.orElseThrow(() -> ApiError.invalid("token",
						"This verification link is invalid, used or expired: ask for a new one"));
			this.users.markVerified(userId, now());
			this.events.publishEvent(new EmailVerified(userId, origin));
			return this.users.find(userId).orElseThrow().profile();
		});
	}

	// login

	public LoginOutcome login(String email, String password, boolean rememberMe, RequestOrigin origin) {
		this.throttle.checkAddress(origin.ip());
		Optional<UserRecord> found = this.users.findByEmail(email.trim());
		if (found.isEmpty() || found.get().passwordHash() == null) {
			this.passwords.matches(password, this.dummyHash.get());
			fail(found.map(UserRecord::id).orElse(null), email, "wrong_credentials", origin, null);
			throw ApiError.unauthorized(WRONG_CREDENTIALS);
		}
		UserRecord user = found.get();
		checkNotLocked(user, origin);
		if (!this.passwords.matches(password, user.passwordHash())) {
			fail(user.id(), user.email(), "wrong_password", origin, user);
			throw ApiError.unauthorized(WRONG_CREDENTIALS);
		}
		if (user.emailVerifiedAt() == null) {
			throw new ApiError(ErrorCode.FORBIDDEN, "Verify your email address first: open the link we sent to "
					+ user.email() + ", or ask for a new one (POST /api/v1/auth/resend-verification)");
		}
		if (user.twoFactorEnabled()) {
			return new LoginOutcome.TwoFactorRequired(this.tokens.twoFactorChallenge(user.id(), rememberMe));
		}
		return new LoginOutcome.Complete(startSession(user.id(), rememberMe, origin, "password"));
	}

	public SignedIn completeTwoFactor(String challengeToken, String code, RequestOrigin origin) {
		this.throttle.checkAddress(origin.ip());
		Jwt challenge;
		try {
			challenge = this.tokens.decodeChallenge(challengeToken);
		}
		catch (JwtException ex) {
			throw ApiError.unauthorized("The two-factor step has expired or is invalid: log in again");
		}
		UserRecord user = this.users.find(UUID.fromString(challenge.getSubject()))
			.filter(UserRecord::twoFactorEnabled)
			.orElseThrow(() -> ApiError.unauthorized("The two-factor step is no longer valid: log in again"));
		checkNotLocked(user, origin);
		String how = secondFactor(user, code);
		if (how == null) {
			fail(user.id(), user.email(), "wrong_second_factor", origin, user);
			throw ApiError.unauthorized("The code is not right: enter the current code from your authenticator app, "
					+ "or one of your recovery codes");
		}
		boolean rememberMe = Boolean.parseBoolean(challenge.getClaimAsString("ctx"));
		String firstFactor = challenge.hasClaim("via") ? challenge.getClaimAsString("via") : "password";
		return startSession(user.id(), rememberMe, origin, firstFactor + "+" + how);
	}

	/**
	 * Checks a TOTP or recovery code; answers how the user proved it ({@code totp} or
	 * {@code recovery_code}), or null.
	 */
	private @Nullable String secondFactor(UserRecord user, String code) {
		String secret = this.encryptor.decrypt(user.totpSecret(), totpPlace(user.id()));
		OptionalLong step = this.totp.verify(secret, code);
		if (step.isPresent()) {
			return this.users.advanceTotpStep(user.id(), step.getAsLong()) ? "totp" : null;
		}
		if (code.trim().length() == 11 && inTx(() -> this.recoveryCodes.use(user.id(), code, now()))) {
			return "recovery_code";
		}
		return null;
	}

	private void checkNotLocked(UserRecord user, RequestOrigin origin) {
		try {
			this.throttle.checkAccount(user);
		}
		catch (ApiError locked) {
			inTx(() -> {
				this.events.publishEvent(new LoginFailed(user.id(), user.email(), "locked", origin));
				return null;
			});
			throw locked;
		}
	}

	private void fail(@Nullable UUID userId, String email, String reason, RequestOrigin origin,
			@Nullable UserRecord user) {
		this.throttle.recordAddressFailure(origin.ip());
		inTx(() -> {
			if (user != null) {
				int count = user.failedLoginCount() + 1;
				this.users.recordFailure(user.id(), count, this.throttle.lockAfter(count));
			}
			this.events.publishEvent(new LoginFailed(userId, cut(email, 254), reason, origin));
			return null;
		});
	}

	@Override
	public SignedIn signIn(UUID userId, boolean rememberMe, RequestOrigin origin) {
		return startSession(userId, rememberMe, origin, "invitation");
	}

	public SignedIn startSession(UUID userId, boolean rememberMe, RequestOrigin origin, String method) {
		return inTx(() -> {
			Instant now = now();
			Instant expires = now.plus(sessionTtl(rememberMe));
			UUID sessionId = this.sessions.create(userId, rememberMe, origin, now, expires);
			String refresh = this.sessions.issueRefreshToken(sessionId, now, expires);
			this.users.recordSuccess(userId, now);
			this.events.publishEvent(new LoginSucceeded(userId, sessionId, method, origin));
			return new SignedIn(userId, sessionId, this.tokens.access(userId, sessionId), refresh,
					this.tokens.accessTtl().toSeconds());
		});
	}

	// refresh and logout

	public SignedIn refresh(String refreshToken, RequestOrigin origin) {
		SessionStore.RefreshRow row = this.sessions.findRefreshToken(refreshToken.trim())
			.orElseThrow(() -> ApiError.unauthorized("This refresh token is not valid: log in again"));
		Instant now = now();
		if (row.sessionRevokedAt() != null) {
			throw ApiError.unauthorized("This session has ended: log in again");
		}
		if (row.usedAt() != null || !this.sessions.markUsed(row.id(), now)) {
			revokeReused(row, origin);
			throw ApiError.unauthorized(
					"This refresh token was already used, so the session was ended to protect the account: log in again");
		}
		if (!row.expiresAt().isAfter(now)) {
			throw ApiError.unauthorized("This session has expired: log in again");
		}
		return inTx(() -> {
			Instant expires = now.plus(sessionTtl(row.rememberMe()));
			this.sessions.touch(row.sessionId(), now, expires);
			String next = this.sessions.issueRefreshToken(row.sessionId(), now, expires);
			return new SignedIn(row.userId(), row.sessionId(), this.tokens.access(row.userId(), row.sessionId()), next,
					this.tokens.accessTtl().toSeconds());
		});
	}

	private void revokeReused(SessionStore.RefreshRow row, RequestOrigin origin) {
		inTx(() -> {
			if (this.sessions.revoke(row.userId(), row.sessionId(), "refresh_token_reused", now())) {
				this.events
					.publishEvent(new SessionsRevoked(row.userId(), row.sessionId(), "refresh_token_reused", origin));
			}
			return null;
		});
		this.guard.evict(row.sessionId());
	}

	public void logout(AuthenticatedUser caller, boolean everywhere, RequestOrigin origin) {
		UUID userId = caller.userId();
		if (everywhere || caller.sessionId() == null) {
			revokeAllSessions(userId, null, "logout_everywhere", origin);
			return;
		}
		revokeSession(userId, caller.sessionId(), "logout", origin);
	}

	public void revokeSession(UUID userId, UUID sessionId, String reason, RequestOrigin origin) {
		boolean revoked = inTx(() -> {
			boolean done = this.sessions.revoke(userId, sessionId, reason, now());
			if (done) {
				this.events.publishEvent(new SessionsRevoked(userId, sessionId, reason, origin));
			}
			return done;
		});
		this.guard.evict(sessionId);
		if (!revoked) {
			throw ApiError.notFound("Session");
		}
	}

	private void revokeAllSessions(UUID userId, @Nullable UUID except, String reason, RequestOrigin origin) {
		List<UUID> ended = inTx(() -> {
			List<UUID> ids = this.sessions.revokeAll(userId, except, reason, now());
			this.events.publishEvent(new SessionsRevoked(userId, null, reason, origin));
			return ids;
		});
		ended.forEach(this.guard::evict);
	}

	public List<SessionInfo> sessions(UUID userId) {
		return this.sessions.listActive(userId, now());
	}

	// passwords

	public void forgotPassword(String email, RequestOrigin origin) {
		this.throttle.checkMailBudget(origin.ip());
		this.users.findByEmail(email.trim()).ifPresent((user) -> {
			String token = inTx(() -> this.oneTimeTokens.issue(user.id(), OneTimeTokens.RESET_PASSWORD, now(),
					now().plus(this.settings.passwordResetTtl())));
			this.mailer.send(user.email(), "Reset your Herald password", """
					Hello %s,

					Someone (we hope you) asked to reset the password of your Herald account.
					Choose a new password here within %d minutes:

					%s/reset-password?token=%s

					If you did not ask for this, ignore this message: your password stays as it is.
					""".formatted(user.name(), this.settings.passwordResetTtl().toMinutes(), this.herald.baseUrl(),
					token));
		});
	}

	public void resetPassword(String token, String password, RequestOrigin origin) {
		ApiError invalidLink = ApiError.invalid("token",
				"This reset link is invalid, used or expired: ask for a new one");
		UserRecord user = this.oneTimeTokens.peek(token.trim(), OneTimeTokens.RESET_PASSWORD, now())
			.flatMap(this.users::find)
			.orElseThrow(() -> invalidLink);
		// the policy is checked before the link is consumed, so that a refused password
		// can be retried
		this.policy.check("password", password, user.email(), user.name());
		String hash = this.passwords.encode(password);
		inTx(() -> {
			this.oneTimeTokens.consume(token.trim(), OneTimeTokens.RESET_PASSWORD, now())
				.orElseThrow(() -> invalidLink);
			this.users.updatePassword(user.id(), hash, now());
			this.users.markVerified(user.id(), now());
			this.events.publishEvent(new PasswordChanged(user.id(), "reset_link", origin));
			return null;
		});
		revokeAllSessions(user.id(), null, "password_reset", origin);
	}

	public void changePassword(AuthenticatedUser caller, String current, String next, RequestOrigin origin) {
		UserRecord user = this.users.find(caller.userId()).orElseThrow(() -> ApiError.notFound("User"));
		if (user.passwordHash() == null || !this.passwords.matches(current, user.passwordHash())) {
			throw ApiError.invalid("currentPassword", "Is not your current password");
		}
		this.policy.check("newPassword", next, user.email(), user.name());
		String hash = this.passwords.encode(next);
		inTx(() -> {
			this.users.updatePassword(user.id(), hash, now());
			this.events.publishEvent(new PasswordChanged(user.id(), "settings", origin));
			return null;
		});
		revokeAllSessions(user.id(), caller.sessionId(), "password_changed", origin);
	}

	// profile

	public UserProfile updateProfile(UUID userId, @Nullable String name, @Nullable String avatarUrl,
			@Nullable String locale, @Nullable String timezone) {
		UserRecord user = this.users.find(userId).orElseThrow(() -> ApiError.notFound("User"));
		String newName = (name != null) ? normalizeName(name) : user.name();
		String newLocale = (locale != null) ? checkLocale(locale) : user.locale();
		String newZone = (timezone != null) ? checkZone("timezone", timezone) : user.timezone();
		String newAvatar = (avatarUrl != null) ? (avatarUrl.isBlank() ? null : checkUrl("avatarUrl", avatarUrl))
				: user.avatarUrl();
		inTx(() -> {
			this.users.updateProfile(userId, newName, newAvatar, newLocale, newZone, now());
			return null;
		});
		return this.users.find(userId).orElseThrow().profile();
	}

	public void deleteAccount(AuthenticatedUser caller, String password, RequestOrigin origin) {
		UserRecord user = this.users.find(caller.userId()).orElseThrow(() -> ApiError.notFound("User"));
		if (user.passwordHash() != null && !this.passwords.matches(password, user.passwordHash())) {
			throw ApiError.invalid("password", "Is not your current password");
		}
		for (AccountDeletionVeto veto : this.vetoes.orderedStream().toList()) {
			veto.reasonToKeep(user.id()).ifPresent((reason) -> {
				throw ApiError.conflict(reason);
			});
		}
		List<UUID> ended = this.sessions.listActive(user.id(), now()).stream().map(SessionInfo::id).toList();
		inTx(() -> {
			this.events.publishEvent(new AccountDeleted(user.id(), origin));
			this.users.delete(user.id());
			return null;
		});
		ended.forEach(this.guard::evict);
	}

	// two-factor

	/**
	 * A pending TOTP secret, shown once for the authenticator app.
	 *
	 * @param secret the base32 secret, to type in
	 * @param otpauthUri the URI the QR code holds
	 * @param qrCodeDataUri the QR code as a PNG data URI
	 */
	public record TwoFactorSetup(String secret, String otpauthUri, String qrCodeDataUri) {
	}

	public TwoFactorSetup setupTwoFactor(UUID userId) {
		UserRecord user = this.users.find(userId).orElseThrow(() -> ApiError.notFound("User"));
		if (user.twoFactorEnabled()) {
			throw ApiError.conflict("Two-factor authentication is already on: turn it off first to set up a new app");
		}
		String secret = this.totp.newSecret();
		inTx(() -> {
			this.users.setPendingTotp(userId, this.encryptor.encrypt(secret, pendingPlace(userId)), now());
			return null;
		});
		return new TwoFactorSetup(secret, this.totp.otpauthUri(secret, user.email()),
				this.totp.qrCodeDataUri(secret, user.email()));
	}

	public List<String> enableTwoFactor(UUID userId, String code, RequestOrigin origin) {
		UserRecord user = this.users.find(userId).orElseThrow(() -> ApiError.notFound("User"));
		if (user.twoFactorEnabled()) {
			throw ApiError.conflict("Two-factor authentication is already on");
		}
		if (user.totpPendingSecret() == null) {
			throw ApiError.conflict("Start with POST /api/v1/auth/2fa/setup to get a secret for your app");
		}
		String secret = this.encryptor.decrypt(user.totpPendingSecret(), pendingPlace(userId));
		OptionalLong step = this.totp.verify(secret, code);
		if (step.isEmpty()) {
			throw ApiError.invalid("code", "Is not the current code for the secret you were given: check the "
					+ "authenticator app and the device's clock");
		}
		return inTx(() -> {
			this.users.enableTotp(userId, this.encryptor.encrypt(secret, totpPlace(userId)), step.getAsLong(), now());
			this.events.publishEvent(new TwoFactorChanged(userId, true, origin));
			return this.recoveryCodes.regenerate(userId);
		});
	}

	public void disableTwoFactor(UUID userId, String password, String code, RequestOrigin origin) {
		UserRecord user = this.users.find(userId).orElseThrow(() -> ApiError.notFound("User"));
		if (!user.twoFactorEnabled()) {
			throw ApiError.conflict("Two-factor authentication is not on");
		}
		if (user.passwordHash() != null && !this.passwords.matches(password, user.passwordHash())) {
			throw ApiError.invalid("password", "Is not your current password");
		}
		if (secondFactor(user, code) == null) {
			throw ApiError.invalid("code", "Is neither the current code nor an unused recovery code");
		}
		inTx(() -> {
			this.users.disableTotp(userId, now());
			this.recoveryCodes.deleteAll(userId);
			this.events.publishEvent(new TwoFactorChanged(userId, false, origin));
			return null;
		});
	}

	public int remainingRecoveryCodes(UUID userId) {
		return this.recoveryCodes.remaining(userId);
	}

	// Users (public API)

	@Override
	public Optional<UserProfile> find(UUID id) {
		return this.users.find(id).map(UserRecord::profile);
	}

	@Override
	public List<UserProfile> findAll(Collection<UUID> ids) {
		return this.users.findAll(ids).stream().map(UserRecord::profile).toList();
	}

	@Override
	public Optional<UserProfile> findByEmail(String email) {
		return this.users.findByEmail(email.trim()).map(UserRecord::profile);
	}

	@Override
	public UserProfile createVerified(String email, String name, String password, RequestOrigin origin) {
		String address = normalizeEmail(email);
		String displayName = normalizeName(name);
		this.policy.check("password", password, address, displayName);
		String hash = this.passwords.encode(password);
		UUID id = Ids.next();
		inTx(() -> {
			try {
				this.users.insert(id, address, hash, displayName, now(), now());
			}
			catch (DuplicateKeyException ex) {
				throw emailTaken();
			}
			this.events.publishEvent(new UserRegistered(id, address, "invitation", origin));
			return null;
		});
		return this.users.find(id).orElseThrow().profile();
	}

	// helpers

	private void sendVerification(String email, String name, String token) {
		this.mailer.send(email, "Verify your email for Herald", """
				Hello %s,

				Welcome to Herald. Confirm that this is your email address by opening this link
				within %d hours:

				%s/verify-email?token=%s

				If you did not sign up, ignore this message.
				""".formatted(name, this.settings.verificationTtl().toHours(), this.herald.baseUrl(), token));
	}

	private Duration sessionTtl(boolean rememberMe) {
		return rememberMe ? this.settings.rememberMeTtl() : this.settings.refreshTokenTtl();
	}

	private <T> T inTx(Supplier<T> work) {
		return this.tx.execute((status) -> work.get());
	}

	private Instant now() {
		return Instant.now(this.clock);
	}

	private static ApiError emailTaken() {
		return new ApiError(ErrorCode.CONFLICT,
				"An account with this email already exists: log in, or reset the password");
	}

	static String totpPlace(UUID userId) {
		return "users.totp_secret:" + userId;
	}

	static String pendingPlace(UUID userId) {
		return "users.totp_pending_secret:" + userId;
	}

	static String normalizeEmail(String email) {
		String address = email.trim();
		if (address.length() > 254 || !address.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
			throw ApiError.invalid("email", "Must be an email address like name@example.com");
		}
		return address;
	}

	static String normalizeName(String name) {
		String trimmed = name.strip();
		if (trimmed.isEmpty() || trimmed.length() > 100) {
			throw ApiError.invalid("name", "Must be 1 to 100 characters");
		}
		return trimmed;
	}

	static String checkZone(String field, String zone) {
		try {
			return ZoneId.of(zone).getId();
		}
		catch (DateTimeException ex) {
			throw ApiError.invalid(field, "Must be an IANA time zone, like Europe/Paris or America/New_York");
		}
	}

	private static String checkLocale(String locale) {
		Locale parsed = Locale.forLanguageTag(locale);
		if (parsed.getLanguage().isEmpty() || locale.length() > 35) {
			throw ApiError.invalid("locale", "Must be a language tag, like en or pt-BR");
		}
		return parsed.toLanguageTag();
	}

	static String checkUrl(String field, String url) {
		if (url.length() > 2000 || !url.matches("^https?://[^\\s]+$")) {
			throw ApiError.invalid(field, "Must be an http(s) URL of at most 2000 characters");
		}
		return url;
	}

	private static String cut(String value, int max) {
		return (value.length() > max) ? value.substring(0, max) : value;
	}

}
