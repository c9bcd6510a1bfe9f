package dev.herald.channel.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.channel.Channel;
import dev.herald.common.ApiError;
import dev.herald.common.Encryptor;
import dev.herald.common.HeraldSettings;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.common.SealedSecrets;
import dev.herald.common.SecretTokens;
import dev.herald.platform.PlatformKind;
import dev.herald.platform.Pkce;
import dev.herald.platform.mastodon.MastodonAccount;
import dev.herald.platform.mastodon.MastodonAccounts;
import dev.herald.platform.mastodon.MastodonApp;
import dev.herald.platform.mastodon.MastodonConnectFailure;
import dev.herald.platform.mastodon.MastodonToken;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.Workspaces;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import static dev.herald.common.SqlTime.ts;

/**
 * Connects Mastodon accounts: Herald registers itself once per instance
 * ({@code POST /api/v1/apps}), sends the user to the instance's authorization page with
 * PKCE and a single-use state, and on the callback exchanges the code for the account's
 * token. A token made in the instance's own settings is accepted too.
 */
@Component
public class MastodonConnect implements SealedSecrets {

	static final String SCOPES = "read write";

	static final String CALLBACK = "/api/v1/channels/callback/mastodon";

	private final MastodonAccounts accounts;

	private final ChannelService channels;

	private final Workspaces workspaces;

	private final JdbcClient jdbc;

	private final Encryptor encryptor;

	private final HeraldSettings herald;

	private final ChannelSettings settings;

	private final Clock clock;

	MastodonConnect(MastodonAccounts accounts, ChannelService channels, Workspaces workspaces, JdbcClient jdbc,
			Encryptor encryptor, HeraldSettings herald, ChannelSettings settings, Clock clock) {
		this.accounts = accounts;
		this.channels = channels;
		this.workspaces = workspaces;
		this.jdbc = jdbc;
		this.encryptor = encryptor;
		this.herald = herald;
		this.settings = settings;
		this.clock = clock;
	}

	/** Connects the account whose token the user made in the instance's settings. */
	@Transactional
	public Channel connectWithToken(Tenant tenant, UUID brandId, String instanceAddress, String accessToken,
			RequestOrigin origin) {
		URI instance = instance(instanceAddress);
		MastodonAccount account = call("accessToken", () -> this.accounts.verifyCredentials(instance, accessToken));
		return save(tenant.workspaceId(), tenant.userId(), brandId, instance, account, accessToken, origin);
	}

	/**
	 * Starts an OAuth connect: answers the instance's authorization page, where the user
	 * approves Herald and is sent back to {@link #CALLBACK}.
	 */
	@Transactional
	public URI start(Tenant tenant, UUID brandId, String instanceAddress, @Nullable UUID channelId) {
		URI instance = instance(instanceAddress);
		MastodonApp app = app(instance);
		Pkce pkce = Pkce.generate();
		String state = SecretTokens.generate();
		Instant now = Instant.now(this.clock);
		this.jdbc
			.sql("INSERT INTO channel_connect_states (state_hash, workspace_id, brand_id, user_id, platform, endpoint, "
					+ "code_verifier, channel_id, flow, created_at, expires_at) "
					+ "VALUES (?, ?, ?, ?, 'MASTODON', ?, ?, ?, 'oauth', ?, ?)")
			.params(SecretTokens.hash(state), tenant.workspaceId(), brandId, tenant.userId(), instance.toString(),
					pkce.verifier(), channelId, ts(now), ts(now.plus(this.settings.connectTimeout())))
			.update();
		return this.accounts.authorizationUrl(instance, app.clientId(), redirectUri(), SCOPES, state, pkce.challenge());
	}

	/**
	 * Finishes an OAuth connect from the instance's callback. The state is single use and
	 * lives {@code connectTimeout}; the user who started must still be an admin of the
	 * workspace.
	 */
	@Transactional
	public Channel finish(String state, String code) {
		record Pending(UUID workspaceId, UUID brandId, UUID userId, URI instance, String verifier) {
		}
		Pending pending = this.jdbc
			.sql("DELETE FROM channel_connect_states WHERE state_hash = ? AND platform = 'MASTODON' "
					+ "RETURNING workspace_id, brand_id, user_id, endpoint, code_verifier, expires_at")
			.param(SecretTokens.hash(state))
			.query((rs, n) -> rs.getTimestamp("expires_at").toInstant().isBefore(Instant.now(this.clock)) ? null
					: new Pending(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
							URI.create(rs.getString(4)), rs.getString(5)))
			.optional()
			.orElseThrow(() -> ApiError.invalid("state",
					"This Mastodon authorization expired or was already used: connect the account again"));
		if (!this.workspaces.members(pending.workspaceId(), Role.ADMIN).contains(pending.userId())) {
			throw ApiError.forbidden("Only admins connect channels");
		}
		MastodonApp app = app(pending.instance());
		MastodonToken token = call("code", () -> {
			try {
				return this.accounts.exchangeCode(pending.instance(), app, redirectUri(), code, pending.verifier());
			}
			catch (MastodonConnectFailure ex) {
				if (ex.reason() == MastodonConnectFailure.Reason.INVALID_CLIENT) {
					// the instance forgot Herald's app: the next connect registers it
					// again
					forgetApp(pending.instance());
				}
				throw ex;
			}
		});
		MastodonAccount account = call("code",
				() -> this.accounts.verifyCredentials(pending.instance(), token.accessToken()));
		return save(pending.workspaceId(), pending.userId(), pending.brandId(), pending.instance(), account,
				token.accessToken(), RequestOrigin.SYSTEM);
	}

	private Channel save(UUID workspaceId, UUID userId, UUID brandId, URI instance, MastodonAccount account,
			String token, RequestOrigin origin) {
		String handle = "@" + account.acct() + (account.acct().contains("@") ? "" : "@" + instance.getHost());
		return this.channels.save(workspaceId, userId, brandId, PlatformKind.MASTODON, instance, account.id(), handle,
				account.displayName().isBlank() ? null : account.displayName(),
				new ChannelService.Tokens(token, null, null), origin);
	}

	private URI redirectUri() {
		return URI.create(this.herald.baseUrl() + CALLBACK);
	}

	/** Herald's app on an instance, registered on first use. */
	private MastodonApp app(URI instance) {
		Optional<MastodonApp> known = this.jdbc
			.sql("SELECT id, client_id, client_secret FROM mastodon_apps WHERE instance = ? AND redirect_uri = ?")
			.params(instance.toString(), redirectUri().toString())
			.query((rs, n) -> new MastodonApp(rs.getString(2),
					this.encryptor.decrypt(rs.getString(3), place(rs.getObject(1, UUID.class)))))
			.optional();
		if (known.isPresent()) {
			return known.get();
		}
		MastodonApp app = call("instance",
				() -> this.accounts.registerApp(instance, "Herald", redirectUri(), SCOPES, null));
		UUID id = Ids.next();
		this.jdbc
			.sql("INSERT INTO mastodon_apps (id, instance, redirect_uri, client_id, client_secret, created_at) "
					+ "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (instance, redirect_uri) DO NOTHING")
			.params(id, instance.toString(), redirectUri().toString(), app.clientId(),
					this.encryptor.encrypt(app.clientSecret(), place(id)), ts(Instant.now(this.clock)))
			.update();
		return app;
	}

	private void forgetApp(URI instance) {
		this.jdbc.sql("DELETE FROM mastodon_apps WHERE instance = ? AND redirect_uri = ?")
			.params(instance.toString(), redirectUri().toString())
			.update();
	}

	private static String place(UUID appId) {
		return "mastodon_apps:client_secret:" + appId;
	}

	@Override
	public String name() {
		return "Mastodon app secrets";
	}

	@Override
	@Transactional
	public int reseal(Encryptor with) {
		return SealedSecrets.resealColumns(this.jdbc, with, "mastodon_apps", List.of("client_secret"),
				(column, id) -> place(id));
	}

	private static URI instance(String address) {
		return call("instance", () -> MastodonAccounts.instanceUrl(address));
	}

	/**
	 * Runs a call to the instance, turning its failure into a validation error on the
	 * field the user can fix; the failure's message names the instance and never a
	 * secret.
	 */
	private static <T> T call(String field, java.util.function.Supplier<T> call) {
		try {
			return call.get();
		}
		catch (MastodonConnectFailure ex) {
			if (ex.reason() == MastodonConnectFailure.Reason.RATE_LIMITED && ex.retryAfter().isPresent()) {
				throw ApiError.tooManyRequests(ex.getMessage(), ex.retryAfter().get());
			}
			throw ApiError.invalid(switch (ex.reason()) {
				case INVALID_TOKEN -> "accessToken".equals(field) ? field : "code";
				case INVALID_CODE, INVALID_CLIENT -> "code";
				default -> "instance";
			}, ex.getMessage());
		}
	}

}
