package dev.herald.identity.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.HeraldSettings;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.common.SecretTokens;
import dev.herald.identity.EmailVerified;
import dev.herald.identity.IdentityLinked;
import dev.herald.identity.UserRegistered;
import dev.herald.identity.internal.SocialProvider.ProviderIdentity;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Sign-in with Google or GitHub: starts the authorization code flow with PKCE (and a
 * nonce for OpenID Connect), keeping state, verifier and nonce server-side for one use
 * within ten minutes; finishes it by resolving the provider's account to a Herald user
 * and starting a session.
 * <p>
 * A provider account signs in as the user it was linked to. Otherwise it is linked to the
 * account whose email is the provider's <em>verified</em> email, or a new account is
 * created for that email. An email the provider has not verified never links and never
 * creates an account.
 */
@Service
public class SocialLogins {

	private static final Logger log = LoggerFactory.getLogger(SocialLogins.class);

	/**
	 * Where a sign-in started, which decides where the provider sends the user back and
	 * how the sign-in ends.
	 */
	public enum Flow {

		/** The JSON API: the callback answers the tokens. */
		API("/api/v1/auth/oauth/%s/callback"),

		/** The dashboard: the callback signs the browser in with a session cookie. */
		DASHBOARD("/login/oauth/%s/callback");

		private final String callbackPath;

		Flow(String callbackPath) {
			this.callbackPath = callbackPath;
		}

		String callbackPath(String provider) {
			return this.callbackPath.formatted(provider);
		}

	}

	/**
	 * A provider offered on this Herald.
	 *
	 * @param id its id in URLs ({@code google}, {@code github})
	 * @param name its name, for buttons
	 * @param loginPath where the dashboard's button points
	 */
	public record ProviderLink(String id, String name, String loginPath) {
	}

	/**
	 * A started sign-in.
	 *
	 * @param redirect where to send the user: the provider's authorization endpoint
	 * @param state the state the callback must bring back
	 */
	public record Started(URI redirect, String state) {
	}

	private final List<SocialProvider> providers;

	private final SocialLoginStates states;

	private final UserIdentities identities;

	private final UserStore users;

	private final Accounts accounts;

	private final AccessTokens tokens;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final SocialLoginSettings settings;

	private final HeraldSettings herald;

	private final LoginThrottle throttle;

	SocialLogins(List<SocialProvider> providers, SocialLoginStates states, UserIdentities identities, UserStore users,
			Accounts accounts, AccessTokens tokens, ApplicationEventPublisher events, TransactionTemplate tx,
			Clock clock, SocialLoginSettings settings, HeraldSettings herald, LoginThrottle throttle) {
		this.throttle = throttle;
		this.providers = List.copyOf(providers);
		this.states = states;
		this.identities = identities;
		this.users = users;
		this.accounts = accounts;
		this.tokens = tokens;
		this.events = events;
		this.tx = tx;
		this.clock = clock;
		this.settings = settings;
		this.herald = herald;
	}

	/** The providers that are configured, for the login page's buttons. */
	public List<ProviderLink> configuredProviders() {
		return this.providers.stream()
			.filter(SocialProvider::configured)
			.map((p) -> new ProviderLink(p.id(), p.displayName(), "/login/oauth/" + p.id()))
			.toList();
	}

	/**
	 * Starts a sign-in: stores a new state, PKCE verifier and nonce, and answers where to
	 * send the user.
	 */
	public Started start(String providerId, Flow flow, RequestOrigin origin) {
		Assert.notNull(providerId, "providerId must not be null");
		Assert.notNull(flow, "flow must not be null");
		SocialProvider provider = provider(providerId);
		this.throttle.checkSocialStart(origin.ip());
		String state = SecretTokens.generate();
		CodeVerifier verifier = new CodeVerifier();
		String nonce = provider.openIdConnect() ? SecretTokens.generate() : null;
		String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
		URI redirect = provider.authorizationUri(
				new SocialProvider.AuthorizationRequest(redirectUri(provider, flow), state, challenge, nonce));
		Instant now = Instant.now(this.clock);
		inTx(() -> {
			this.states.save(state, provider.id(), flow.name(), verifier.getValue(), nonce, now,
					now.plus(this.settings.stateTtl()));
			return null;
		});
		return new Started(redirect, state);
	}

	/**
	 * Finishes a sign-in at the provider's callback: checks the state (once), exchanges
	 * the code, finds, links or creates the user and starts a session, or answers the
	 * two-factor step if the account has it on.
	 */
	public LoginOutcome finish(String providerId, Flow flow, @Nullable String code, @Nullable String state,
			@Nullable String error, RequestOrigin origin) {
		Assert.notNull(providerId, "providerId must not be null");
		Assert.notNull(flow, "flow must not be null");
		Assert.notNull(origin, "origin must not be null");
		SocialProvider provider = provider(providerId);
		String name = provider.displayName();
		if (state == null || state.isBlank()) {
			throw ApiError.invalid("state", "Is missing: start the sign-in with " + name + " again");
		}
		Optional<SocialLoginStates.Pending> pending = inTx(
				() -> this.states.consume(state.trim(), provider.id(), flow.name(), Instant.now(this.clock)));
		if (error != null && !error.isBlank()) {
			throw ApiError.unauthorized(name + " did not complete the sign-in (" + cut(error, 60)
					+ "): start again, and allow Herald when " + name + " asks");
		}
		if (pending.isEmpty()) {
			throw ApiError.unauthorized("This sign-in with " + name
					+ " is unknown, already used or older than ten minutes: start it again");
		}
		if (code == null || code.isBlank()) {
			throw ApiError.invalid("code", "Is missing: start the sign-in with " + name + " again");
		}
		ProviderIdentity identity = provider.identify(code.trim(), redirectUri(provider, flow), pending.get());
		UUID userId;
		try {
			userId = resolve(identity, origin);
		}
		catch (DuplicateKeyException ex) {
			// the same account signed in twice at once: the other sign-in created the
			// link or the user, which this attempt now finds
			userId = resolve(identity, origin);
		}
		UserRecord user = this.users.find(userId).orElseThrow(() -> ApiError.notFound("User"));
		if (user.twoFactorEnabled()) {
			return new LoginOutcome.TwoFactorRequired(this.tokens.twoFactorChallenge(userId, false, provider.id()));
		}
		return new LoginOutcome.Complete(this.accounts.startSession(userId, false, origin, provider.id()));
	}

	private UUID resolve(ProviderIdentity identity, RequestOrigin origin) {
		return inTx(() -> {
			Instant now = Instant.now(this.clock);
			Optional<UUID> known = this.identities.findUser(identity.provider(), identity.subject());
			if (known.isPresent()) {
				return known.get();
			}
			String provider = provider(identity.provider()).displayName();
			String email = (identity.email() != null) ? Accounts.normalizeEmail(identity.email()) : null;
			Optional<UserRecord> existing = (email != null) ? this.users.findByEmail(email) : Optional.empty();
			if (existing.isPresent()) {
				if (!identity.emailVerified()) {
					throw ApiError.conflict("A Herald account uses " + email + ", but " + provider
							+ " has not verified that address, so it cannot sign in to that account: verify it at "
							+ provider + ", or log in with your password");
				}
				UserRecord user = existing.get();
				this.identities.insert(identity.provider(), identity.subject(), user.id(), email, now);
				if (user.emailVerifiedAt() == null) {
					// nobody proved owning this address when the account was made: its
					// password may be someone else's, so it goes
					this.users.clearPassword(user.id(), now);
					this.users.markVerified(user.id(), now);
					this.events.publishEvent(new EmailVerified(user.id(), origin));
				}
				this.events.publishEvent(new IdentityLinked(user.id(), identity.provider(), email, origin));
				log.info("Linked a {} account to user {} by verified email", identity.provider(), user.id());
				return user.id();
			}
			if (email == null || !identity.emailVerified()) {
				throw new ApiError(ErrorCode.FORBIDDEN,
						provider + " did not share a verified email address, which "
								+ "a Herald account needs: verify your primary email at " + provider
								+ " and start again, or sign up with email and password");
			}
			UUID id = Ids.next();
			this.users.insert(id, email, null, displayName(identity, email), now, now);
			this.identities.insert(identity.provider(), identity.subject(), id, email, now);
			this.events.publishEvent(new UserRegistered(id, email, identity.provider(), origin));
			return id;
		});
	}

	private SocialProvider provider(String id) {
		SocialProvider provider = this.providers.stream()
			.filter((p) -> p.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new ApiError(ErrorCode.NOT_FOUND, "There is no sign-in with '" + cut(id, 40)
					+ "': use one of " + String.join(", ", this.providers.stream().map(SocialProvider::id).toList())));
		if (!provider.configured()) {
			throw new ApiError(ErrorCode.NOT_FOUND,
					"Sign-in with " + provider.displayName() + " is not set up on this Herald: the operator sets "
							+ provider.environmentVariables() + " (the OAuth client's redirect URI is "
							+ redirectUri(provider, Flow.DASHBOARD) + ", and " + redirectUri(provider, Flow.API)
							+ " for the API)");
		}
		return provider;
	}

	private String redirectUri(SocialProvider provider, Flow flow) {
		return this.herald.baseUrl() + flow.callbackPath(provider.id());
	}

	private static String displayName(ProviderIdentity identity, String email) {
		String name = identity.name().strip();
		if (name.isEmpty()) {
			name = email.substring(0, email.indexOf('@'));
		}
		return cut(name, 100);
	}

	private <T> T inTx(Supplier<T> work) {
		return this.tx.execute((status) -> work.get());
	}

	private static String cut(String value, int max) {
		return (value.length() > max) ? value.substring(0, max) : value;
	}

}
