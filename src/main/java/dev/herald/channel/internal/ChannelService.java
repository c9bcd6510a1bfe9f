package dev.herald.channel.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelConnected;
import dev.herald.channel.ChannelCredential;
import dev.herald.channel.ChannelDisconnected;
import dev.herald.channel.ChannelNeedsReauth;
import dev.herald.channel.ChannelReconnected;
import dev.herald.channel.ChannelStatus;
import dev.herald.channel.Channels;
import dev.herald.common.ApiError;
import dev.herald.common.Endpoints;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.common.SecretTokens;
import dev.herald.platform.ChannelAccess;
import dev.herald.platform.PlatformKind;
import dev.herald.platform.bluesky.BlueskyPlatform;
import dev.herald.platform.bluesky.BlueskySession;
import dev.herald.platform.bluesky.BlueskySessionException;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.herald.common.SqlTime.instant;
import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * Connected channels: connect, reconnect and disconnect them, hand their credentials to
 * publishing, and refresh tokens before they expire. Every query of a user's request is
 * scoped by the tenant's workspace; a refresh runs under a row lock on its channel, so
 * that two instances never spend the same refresh token.
 */
@Service
public class ChannelService implements Channels {

	private static final Logger log = LoggerFactory.getLogger(ChannelService.class);

	/** A token expiring sooner than this is refreshed before it is used. */
	private static final Duration USE_AHEAD = Duration.ofMinutes(1);

	private static final int MAX_SLOTS = 100;

	private final JdbcClient jdbc;

	private final TokenVault vault;

	private final Brands brands;

	private final BlueskyPlatform bluesky;

	private final ChannelSettings settings;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	ChannelService(JdbcClient jdbc, TokenVault vault, Brands brands, BlueskyPlatform bluesky, ChannelSettings settings,
			ApplicationEventPublisher events, TransactionTemplate transactions, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.vault = vault;
		this.brands = brands;
		this.bluesky = bluesky;
		this.settings = settings;
		this.events = events;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
	}

	// Reading

	/** The channels of a brand, connected ones first; disconnected ones on request. */
	public List<Channel> list(Tenant tenant, UUID brandId, boolean withDisconnected) {
		brand(tenant, brandId);
		return this.jdbc
			.sql("SELECT * FROM channels WHERE workspace_id = ? AND brand_id = ? AND (? OR status <> 'DISCONNECTED') "
					+ "ORDER BY status = 'DISCONNECTED', id")
			.params(tenant.workspaceId(), brandId, withDisconnected)
			.query(this::map)
			.list();
	}

	/**
	 * Every channel of the workspace that can take posts (active or waiting to
	 * reconnect).
	 */
	@Override
	public List<Channel> listLive(UUID workspaceId) {
		return this.jdbc
			.sql("SELECT * FROM channels WHERE workspace_id = ? AND status <> 'DISCONNECTED' ORDER BY brand_id, id")
			.params(workspaceId)
			.query(this::map)
			.list();
	}

	public Channel get(Tenant tenant, UUID channelId) {
		return find(tenant.workspaceId(), channelId).orElseThrow(() -> ApiError.notFound("Channel"));
	}

	@Override
	public Optional<Channel> find(UUID workspaceId, UUID channelId) {
		return this.jdbc.sql("SELECT * FROM channels WHERE workspace_id = ? AND id = ?")
			.params(workspaceId, channelId)
			.query(this::map)
			.optional();
	}

	// Connecting

	/**
	 * A connected webhook and the secret its requests are signed with, shown this once.
	 *
	 * @param channel the channel
	 * @param signingSecret the HMAC secret
	 */
	public record ConnectedWebhook(Channel channel, String signingSecret) {
	}

	@Transactional
	public ConnectedWebhook connectWebhook(Tenant tenant, UUID brandId, String url, @Nullable String name,
			@Nullable String givenSecret, RequestOrigin origin) {
		brand(tenant, brandId);
		URI endpoint = Endpoints.url("url", url);
		String label = (name != null && !name.isBlank()) ? name.strip() : endpoint.getHost() + endpoint.getRawPath();
		if (label.length() > 100) {
			throw ApiError.invalid("name", "Must be at most 100 characters");
		}
		if (givenSecret != null && givenSecret.strip().length() < 16) {
			throw ApiError.invalid("secret", "Must be at least 16 characters; leave it out and Herald makes one");
		}
		String secret = (givenSecret != null) ? givenSecret.strip() : "whsec_" + SecretTokens.generate();
		// a webhook is its URL: connecting the same URL again gives it a new secret
		Channel channel = save(tenant.workspaceId(), tenant.userId(), brandId, PlatformKind.WEBHOOK, endpoint,
				endpoint.toString(), label, null, new Tokens(secret, null, null), origin);
		return new ConnectedWebhook(channel, secret);
	}

	/**
	 * Connects a Bluesky account with an app password, which is used once to open a
	 * session and never stored: Herald keeps the session's tokens and refreshes them.
	 */
	public Channel connectBluesky(Tenant tenant, UUID brandId, @Nullable String pds, String identifier,
			String appPassword, RequestOrigin origin) {
		brand(tenant, brandId);
		if (identifier == null || identifier.isBlank()) {
			throw ApiError.invalid("identifier", "Give the account's handle (like alice.bsky.social) or email");
		}
		if (appPassword == null || appPassword.isBlank()) {
			throw ApiError.invalid("appPassword",
					"Create an app password in Bluesky's Settings → Privacy and security → App passwords");
		}
		URI server = Endpoints.server("pds", (pds != null && !pds.isBlank()) ? pds : this.settings.blueskyPds());
		BlueskySession session;
		try {
			session = this.bluesky.createSession(server, identifier.strip().replaceFirst("^@", ""),
					appPassword.strip());
		}
		catch (BlueskySessionException ex) {
			if (ex.needsSignIn()) {
				throw ApiError.invalid("appPassword",
						"Bluesky refused this handle and app password: check both and try again");
			}
			throw new ApiError(dev.herald.common.ErrorCode.VALIDATION_ERROR,
					"Bluesky could not be reached to connect the account: " + ex.getMessage(), List.of(), null);
		}
		return this.transactions.execute((tx) -> save(tenant.workspaceId(), tenant.userId(), brandId,
				PlatformKind.BLUESKY, server, session.did(), session.handle(), null,
				new Tokens(session.accessJwt(), session.refreshJwt(), jwtExpiry(session.accessJwt())), origin));
	}

	/**
	 * The tokens to store for a channel.
	 *
	 * @param access the access token (or webhook secret)
	 * @param refresh the refresh token, if the platform gives one
	 * @param expiresAt when the access token expires, if it does
	 */
	record Tokens(String access, @Nullable String refresh, @Nullable Instant expiresAt) {

		@Override
		public String toString() {
			return "Tokens[expiresAt=" + this.expiresAt + "]";
		}

	}

	/**
	 * Stores a newly connected account: a live channel of the same account and brand is
	 * updated (a reconnect) rather than duplicated.
	 */
	Channel save(UUID workspaceId, UUID userId, UUID brandId, PlatformKind platform, URI endpoint, String accountId,
			String username, @Nullable String displayName, Tokens tokens, RequestOrigin origin) {
		Instant now = Instant.now(this.clock);
		Optional<UUID> existing = this.jdbc
			.sql("SELECT id FROM channels WHERE brand_id = ? AND platform = ? AND endpoint = ? AND account_id = ? "
					+ "AND status <> 'DISCONNECTED' FOR UPDATE")
			.params(brandId, platform.name(), endpoint.toString(), accountId)
			.query(UUID.class)
			.optional();
		UUID id = existing.orElseGet(Ids::next);
		if (existing.isPresent()) {
			ChannelStatus before = status(id);
			this.jdbc
				.sql("UPDATE channels SET username = ?, display_name = COALESCE(?, display_name), access_token = ?, "
						+ "refresh_token = ?, token_expires_at = ?, status = 'ACTIVE', status_reason = NULL, "
						+ "connected_by = ?, updated_at = ? WHERE id = ?")
				.params(username, displayName, this.vault.seal(TokenVault.ACCESS, id, tokens.access()),
						this.vault.seal(TokenVault.REFRESH, id, tokens.refresh()), ts(tokens.expiresAt()), userId,
						ts(now), id)
				.update();
			if (before == ChannelStatus.NEEDS_REAUTH) {
				this.events.publishEvent(new ChannelReconnected(workspaceId, id));
			}
		}
		else {
			String zone = this.jdbc.sql("SELECT default_timezone FROM workspaces WHERE id = ?")
				.param(workspaceId)
				.query(String.class)
				.optional()
				.orElse("UTC");
			this.jdbc
				.sql("INSERT INTO channels (id, workspace_id, brand_id, platform, endpoint, account_id, username, "
						+ "display_name, access_token, refresh_token, token_expires_at, status, slot_timezone, "
						+ "connected_by, created_at, updated_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?)")
				.params(id, workspaceId, brandId, platform.name(), endpoint.toString(), accountId, username,
						displayName, this.vault.seal(TokenVault.ACCESS, id, tokens.access()),
						this.vault.seal(TokenVault.REFRESH, id, tokens.refresh()), ts(tokens.expiresAt()), zone, userId,
						ts(now), ts(now))
				.update();
		}
		this.events.publishEvent(new ChannelConnected(userId, workspaceId, id, platform, username, origin));
		return find(workspaceId, id).orElseThrow();
	}

	@Transactional
	public void disconnect(Tenant tenant, UUID channelId, RequestOrigin origin) {
		Channel channel = get(tenant, channelId);
		if (channel.status() == ChannelStatus.DISCONNECTED) {
			return;
		}
		this.jdbc
			.sql("UPDATE channels SET status = 'DISCONNECTED', status_reason = NULL, access_token = NULL, "
					+ "refresh_token = NULL, token_expires_at = NULL, updated_at = ? WHERE id = ?")
			.params(ts(Instant.now(this.clock)), channelId)
			.update();
		this.events.publishEvent(new ChannelDisconnected(tenant.userId(), tenant.workspaceId(), channelId,
				channel.platform(), channel.username(), origin));
	}

	// Credentials

	@Override
	public ChannelCredential credential(UUID channelId) {
		Row row = row(channelId);
		if (row.status() == ChannelStatus.ACTIVE && row.refreshToken() != null && row.expiresAt() != null
				&& row.expiresAt().isBefore(Instant.now(this.clock).plus(USE_AHEAD))) {
			return refresh(channelId, null, "The access token expired");
		}
		return credential(row);
	}

	@Override
	public ChannelCredential refreshAfterRefusal(UUID channelId, String platformReason) {
		return refresh(channelId, row(channelId).accessToken(), platformReason);
	}

	/**
	 * Refreshes a channel's tokens under its row lock. {@code refusedToken} is the access
	 * token the platform refused: when another instance has replaced it meanwhile, its
	 * new token is answered instead of refreshing again.
	 */
	private ChannelCredential refresh(UUID channelId, @Nullable String refusedToken, String reason) {
		ChannelCredential answer = this.transactions.execute((tx) -> {
			Row row = this.jdbc.sql("SELECT * FROM channels WHERE id = ? FOR UPDATE")
				.param(channelId)
				.query(this::mapRow)
				.single();
			if (row.status() != ChannelStatus.ACTIVE) {
				return credential(row);
			}
			if (refusedToken != null && !refusedToken.equals(row.accessToken())) {
				return credential(row);
			}
			if (refusedToken == null && row.expiresAt() != null
					&& row.expiresAt().isAfter(Instant.now(this.clock).plus(USE_AHEAD))) {
				return credential(row);
			}
			if (row.platform() != PlatformKind.BLUESKY || row.refreshToken() == null) {
				return needsReauth(row, reason);
			}
			try {
				BlueskySession session = this.bluesky.refreshSession(row.endpoint(), row.refreshToken());
				Instant expiry = jwtExpiry(session.accessJwt());
				this.jdbc
					.sql("UPDATE channels SET access_token = ?, refresh_token = ?, token_expires_at = ?, "
							+ "username = ?, updated_at = ? WHERE id = ?")
					.params(this.vault.seal(TokenVault.ACCESS, channelId, session.accessJwt()),
							this.vault.seal(TokenVault.REFRESH, channelId, session.refreshJwt()), ts(expiry),
							session.handle(), ts(Instant.now(this.clock)), channelId)
					.update();
				return new ChannelCredential(channelId, row.platform(), ChannelStatus.ACTIVE,
						new ChannelAccess(row.endpoint(), row.accountId(), session.accessJwt()), null);
			}
			catch (BlueskySessionException ex) {
				if (ex.needsSignIn()) {
					return needsReauth(row, "Bluesky no longer accepts the session: " + ex.getMessage());
				}
				// the server is down or busy: the old token stays, the next run tries
				// again
				log.warn("Refreshing channel {} failed for now: {}", channelId, ex.getMessage());
				return credential(row);
			}
		});
		return java.util.Objects.requireNonNull(answer);
	}

	private ChannelCredential needsReauth(Row row, String reason) {
		String cut = (reason.length() > 500) ? reason.substring(0, 500) : reason;
		this.jdbc
			.sql("UPDATE channels SET status = 'NEEDS_REAUTH', status_reason = ?, updated_at = ? WHERE id = ? "
					+ "AND status = 'ACTIVE'")
			.params(cut, ts(Instant.now(this.clock)), row.id())
			.update();
		log.info("Channel {} ({} {}) needs to be reconnected: {}", row.id(), row.platform(), row.username(), cut);
		this.events.publishEvent(new ChannelNeedsReauth(row.workspaceId(), row.id(), row.platform(), row.username(),
				row.connectedBy(), cut));
		return new ChannelCredential(row.id(), row.platform(), ChannelStatus.NEEDS_REAUTH, null, cut);
	}

	/**
	 * Refreshes every active token that expires within {@code refreshAhead}; run by the
	 * refresh job. Answers how many channels it looked at.
	 */
	public int refreshExpiring() {
		List<UUID> due = this.jdbc
			.sql("SELECT id FROM channels WHERE status = 'ACTIVE' AND refresh_token IS NOT NULL "
					+ "AND token_expires_at < ? ORDER BY token_expires_at LIMIT 1000")
			.param(ts(Instant.now(this.clock).plus(this.settings.refreshAhead())))
			.query(UUID.class)
			.list();
		for (UUID id : due) {
			refresh(id, null, "The refresh token no longer works");
		}
		return due.size();
	}

	// Posting slots

	/**
	 * A recurring posting time.
	 *
	 * @param day the day of the week
	 * @param time the local time of day, in the channel's slot zone
	 */
	public record Slot(DayOfWeek day, LocalTime time) {
	}

	public List<Slot> slots(Tenant tenant, UUID channelId) {
		get(tenant, channelId);
		return slots(channelId);
	}

	private List<Slot> slots(UUID channelId) {
		return this.jdbc
			.sql("SELECT day_of_week, time_of_day FROM posting_slots WHERE channel_id = ? "
					+ "ORDER BY day_of_week, time_of_day")
			.param(channelId)
			.query((rs, n) -> new Slot(DayOfWeek.of(rs.getInt(1)), rs.getObject(2, LocalTime.class)))
			.list();
	}

	@Transactional
	public Channel replaceSlots(Tenant tenant, UUID channelId, String timezone, List<Slot> slots) {
		get(tenant, channelId);
		ZoneId zone;
		try {
			zone = ZoneId.of(timezone);
		}
		catch (RuntimeException ex) {
			throw ApiError.invalid("timezone", "Not an IANA time zone, like Europe/Paris");
		}
		if (slots.size() > MAX_SLOTS) {
			throw ApiError.invalid("slots", "At most " + MAX_SLOTS + " slots a channel");
		}
		this.jdbc.sql("DELETE FROM posting_slots WHERE channel_id = ?").param(channelId).update();
		for (Slot slot : slots.stream().distinct().toList()) {
			this.jdbc.sql("INSERT INTO posting_slots (channel_id, day_of_week, time_of_day) VALUES (?, ?, ?)")
				.params(channelId, slot.day().getValue(), slot.time().withSecond(0).withNano(0))
				.update();
		}
		this.jdbc.sql("UPDATE channels SET slot_timezone = ?, updated_at = ? WHERE id = ?")
			.params(zone.getId(), ts(Instant.now(this.clock)), channelId)
			.update();
		return get(tenant, channelId);
	}

	/**
	 * Walks the channel's slots day by day in its zone. A slot in a daylight-saving gap
	 * moves forward by the gap's length; in an overlap it is the earlier instant.
	 */
	@Override
	public Optional<Instant> nextFreeSlot(UUID channelId, Instant after, Set<Instant> taken) {
		List<Slot> slots = slots(channelId);
		if (slots.isEmpty()) {
			return Optional.empty();
		}
		ZoneId zone = ZoneId.of(this.jdbc.sql("SELECT slot_timezone FROM channels WHERE id = ?")
			.param(channelId)
			.query(String.class)
			.single());
		LocalDate day = after.atZone(zone).toLocalDate();
		for (int i = 0; i < 7 * 8; i++, day = day.plusDays(1)) {
			LocalDate date = day;
			List<Instant> candidates = slots.stream()
				.filter((slot) -> slot.day() == date.getDayOfWeek())
				.map((slot) -> ZonedDateTime.of(date, slot.time(), zone).toInstant())
				.sorted(Comparator.naturalOrder())
				.toList();
			for (Instant candidate : candidates) {
				if (candidate.isAfter(after) && !taken.contains(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	// Rows

	private void brand(Tenant tenant, UUID brandId) {
		this.brands.find(tenant.workspaceId(), brandId).orElseThrow(() -> ApiError.notFound("Brand"));
	}

	private ChannelStatus status(UUID channelId) {
		return ChannelStatus.valueOf(this.jdbc.sql("SELECT status FROM channels WHERE id = ?")
			.param(channelId)
			.query(String.class)
			.single());
	}

	/** A channel's row with its tokens opened; never leaves this class. */
	private record Row(UUID id, UUID workspaceId, PlatformKind platform, URI endpoint, String accountId,
			String username, ChannelStatus status, @Nullable String statusReason, @Nullable String accessToken,
			@Nullable String refreshToken, @Nullable Instant expiresAt, UUID connectedBy) {

		@Override
		public String toString() {
			return "Row[id=" + this.id + ", platform=" + this.platform + ", status=" + this.status + "]";
		}

	}

	private Row row(UUID channelId) {
		return this.jdbc.sql("SELECT * FROM channels WHERE id = ?")
			.param(channelId)
			.query(this::mapRow)
			.optional()
			.orElseThrow(() -> new IllegalStateException("No channel " + channelId));
	}

	private Row mapRow(ResultSet rs, int n) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		return new Row(id, rs.getObject("workspace_id", UUID.class), PlatformKind.valueOf(rs.getString("platform")),
				URI.create(rs.getString("endpoint")), rs.getString("account_id"), rs.getString("username"),
				ChannelStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
				this.vault.open(TokenVault.ACCESS, id, rs.getString("access_token")),
				this.vault.open(TokenVault.REFRESH, id, rs.getString("refresh_token")), instant(rs, "token_expires_at"),
				rs.getObject("connected_by", UUID.class));
	}

	private static ChannelCredential credential(Row row) {
		if (row.status() == ChannelStatus.ACTIVE && row.accessToken() != null) {
			return new ChannelCredential(row.id(), row.platform(), row.status(),
					new ChannelAccess(row.endpoint(), row.accountId(), row.accessToken()), null);
		}
		String reason = (row.status() == ChannelStatus.DISCONNECTED) ? "The channel was disconnected"
				: Optional.ofNullable(row.statusReason()).orElse("The channel must be reconnected");
		return new ChannelCredential(row.id(), row.platform(), row.status(), null, reason);
	}

	private Channel map(ResultSet rs, int n) throws SQLException {
		Long followers = rs.getObject("followers_count", Long.class);
		return new Channel(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
				rs.getObject("brand_id", UUID.class), PlatformKind.valueOf(rs.getString("platform")),
				URI.create(rs.getString("endpoint")), rs.getString("account_id"), rs.getString("username"),
				rs.getString("display_name"), rs.getString("avatar_url"), ChannelStatus.valueOf(rs.getString("status")),
				rs.getString("status_reason"), instant(rs, "token_expires_at"), followers,
				rs.getString("slot_timezone"), required(rs, "created_at"), required(rs, "updated_at"));
	}

	/**
	 * The {@code exp} of a JWT's payload (read, not verified: the platform verifies it).
	 */
	private @Nullable Instant jwtExpiry(String jwt) {
		String[] parts = jwt.split("\\.");
		if (parts.length < 2) {
			return null;
		}
		try {
			JsonNode payload = this.json
				.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
			return payload.hasNonNull("exp") ? Instant.ofEpochSecond(payload.get("exp").asLong()) : null;
		}
		catch (RuntimeException notAJwt) {
			return null;
		}
	}

}
