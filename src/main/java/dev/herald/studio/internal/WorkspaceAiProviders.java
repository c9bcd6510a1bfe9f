package dev.herald.studio.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.herald.common.ApiError;
import dev.herald.common.Endpoints;
import dev.herald.common.Encryptor;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.common.SqlTime;
import dev.herald.studio.WorkspaceAiProviderChanged;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.herald.common.SqlTime.ts;

/**
 * A workspace's own AI provider: an owner or admin brings a key (and, if they like,
 * another address and other models), and the studio's generations for that workspace go
 * to it instead of the server's provider, without using the plan's AI credits. The key is
 * sealed with the {@link Encryptor} under the associated data
 * {@code workspace_ai_keys:api_key:<row id>}; only its last four characters are ever
 * shown again.
 */
@Service
public class WorkspaceAiProviders {

	static final String TABLE = "workspace_ai_keys";

	static final String KEY_COLUMN = "api_key";

	/** A key is one printable token: no spaces or line breaks, which break headers. */
	private static final Pattern ONE_TOKEN = Pattern.compile("[\\x21-\\x7E]+");

	private static final int MAX_KEY = 1000;

	private static final int MAX_MODEL = 200;

	private final JdbcClient jdbc;

	private final Encryptor encryptor;

	private final StudioSettings settings;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	WorkspaceAiProviders(JdbcClient jdbc, Encryptor encryptor, StudioSettings settings,
			ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.encryptor = encryptor;
		this.settings = settings;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * The provider a workspace's generations use.
	 *
	 * @param source {@code workspace} (its own key), {@code server} (the server's
	 * provider, using the plan's AI credits) or {@code none} (no provider at all)
	 * @param provider {@code openai}, {@code anthropic} or {@code gemini}; {@code null}
	 * for {@code none}
	 * @param providerName how people call it
	 * @param baseUrl the address called
	 * @param strongModel the model of strategies
	 * @param fastModel the model of posts, captions, hashtags and rewrites
	 * @param keyHint the last four characters of the workspace's own key (empty for a
	 * short key); {@code null} for the server's, which is never shown
	 * @param usesCredits whether generations use the plan's AI credits
	 * @param updatedAt when the workspace's own key was last set
	 */
	public record View(String source, @Nullable String provider, @Nullable String providerName,
			@Nullable String baseUrl, @Nullable String strongModel, @Nullable String fastModel,
			@Nullable String keyHint, boolean usesCredits, @Nullable Instant updatedAt) {

		public boolean ownKey() {
			return "workspace".equals(this.source);
		}

	}

	/**
	 * What an owner or admin sets.
	 *
	 * @param provider {@code openai}, {@code anthropic} or {@code gemini}
	 * @param apiKey the key
	 * @param baseUrl another address than the provider's own (an OpenAI-compatible
	 * server's, a proxy's), if any
	 * @param strongModel the model of strategies, if not the provider's default
	 * @param fastModel the model of posts, captions, hashtags and rewrites, if not the
	 * provider's default
	 */
	public record Change(@Nullable String provider, @Nullable String apiKey, @Nullable String baseUrl,
			@Nullable String strongModel, @Nullable String fastModel) {

		@Override
		public String toString() {
			return "Change[provider=" + this.provider + ", apiKey=(hidden), baseUrl=" + this.baseUrl + ", strongModel="
					+ this.strongModel + ", fastModel=" + this.fastModel + "]";
		}

	}

	/**
	 * A workspace's own provider, its key opened, for the model client only.
	 */
	record Own(AiProvider provider, String apiKey, @Nullable String baseUrl, @Nullable String strongModel,
			@Nullable String fastModel) {

		@Override
		public String toString() {
			return "Own[" + this.provider.id() + ", baseUrl=" + this.baseUrl + ", apiKey=(hidden)]";
		}

	}

	/** What the workspace's generations use (ADMIN). */
	public View view(Tenant tenant) {
		requireAdmin(tenant);
		Row row = row(tenant.workspaceId()).orElse(null);
		if (row != null) {
			StudioSettings.ProviderSettings defaults = this.settings.of(row.provider());
			return new View("workspace", row.provider().id(), row.provider().displayName(),
					(row.baseUrl() != null) ? row.baseUrl() : row.provider().officialUrl(),
					(row.strongModel() != null) ? row.strongModel() : defaults.strongModel(),
					(row.fastModel() != null) ? row.fastModel() : defaults.fastModel(), row.keyHint(), false,
					row.updatedAt());
		}
		AiProvider server = this.settings.serverProvider();
		if (server == null || !this.settings.of(server).configured()) {
			return new View("none", null, null, null, null, null, null, true, null);
		}
		return new View("server", server.id(), server.displayName(), this.settings.of(server).baseUrl(),
				this.settings.serverStrongModel(server), this.settings.serverFastModel(server), null, true, null);
	}

	/**
	 * Gives the workspace its own provider and key, or replaces them (ADMIN).
	 * @throws ApiError {@code VALIDATION_ERROR} naming the field to fix (never repeating
	 * the key)
	 */
	public View set(Tenant tenant, Change change, RequestOrigin origin) {
		requireAdmin(tenant);
		AiProvider provider = AiProvider.of(change.provider())
			.orElseThrow(() -> ApiError.invalid("provider", "Must be " + AiProvider.names()));
		String key = (change.apiKey() != null) ? change.apiKey().strip() : "";
		if (key.isEmpty()) {
			throw ApiError.invalid("apiKey", "Give the provider's API key");
		}
		if (key.length() > MAX_KEY || !ONE_TOKEN.matcher(key).matches()) {
			throw ApiError.invalid("apiKey",
					"Must be the key alone, as the provider shows it: no spaces or line breaks, at most " + MAX_KEY
							+ " characters");
		}
		String baseUrl = baseUrl(change.baseUrl());
		String strongModel = model("strongModel", change.strongModel());
		String fastModel = model("fastModel", change.fastModel());
		String hint = hint(key);
		Instant now = Instant.now(this.clock);
		this.transactions.executeWithoutResult((tx) -> {
			// one row per workspace, whose id seals the key: made first (or found), then
			// locked, so that two admins saving at once cannot seal for another row
			this.jdbc
				.sql("INSERT INTO workspace_ai_keys (id, workspace_id, provider, api_key, key_hint, created_at, "
						+ "updated_at) VALUES (?, ?, ?, '', '', ?, ?) ON CONFLICT (workspace_id) DO NOTHING")
				.params(Ids.next(), tenant.workspaceId(), provider.id(), ts(now), ts(now))
				.update();
			UUID id = this.jdbc.sql("SELECT id FROM workspace_ai_keys WHERE workspace_id = ? FOR UPDATE")
				.param(tenant.workspaceId())
				.query(UUID.class)
				.single();
			this.jdbc
				.sql("UPDATE workspace_ai_keys SET provider = ?, api_key = ?, key_hint = ?, base_url = ?, "
						+ "strong_model = ?, fast_model = ?, updated_by = ?, updated_at = ? WHERE id = ?")
				.params(provider.id(), this.encryptor.encrypt(key, place(id)), hint, baseUrl, strongModel, fastModel,
						tenant.userId(), ts(now), id)
				.update();
			this.events.publishEvent(new WorkspaceAiProviderChanged(tenant.userId(), tenant.workspaceId(),
					provider.id(), hint, false, origin));
		});
		return view(tenant);
	}

	/**
	 * Takes the workspace back to the server's provider (ADMIN); nothing to do when it
	 * has no key of its own.
	 */
	public void remove(Tenant tenant, RequestOrigin origin) {
		requireAdmin(tenant);
		this.transactions.executeWithoutResult((tx) -> this.jdbc
			.sql("DELETE FROM workspace_ai_keys WHERE workspace_id = ? RETURNING provider, key_hint")
			.param(tenant.workspaceId())
			.query((rs, n) -> new WorkspaceAiProviderChanged(tenant.userId(), tenant.workspaceId(), rs.getString(1),
					rs.getString(2), true, origin))
			.optional()
			.ifPresent(this.events::publishEvent));
	}

	/** The workspace's own provider, its key opened; empty when it uses the server's. */
	Optional<Own> find(UUID workspaceId) {
		return row(workspaceId)
			.map((row) -> new Own(row.provider(), this.encryptor.decrypt(row.sealedKey(), place(row.id())),
					row.baseUrl(), row.strongModel(), row.fastModel()));
	}

	/** The associated data a key is sealed under. */
	static String place(UUID id) {
		return TABLE + ":" + KEY_COLUMN + ":" + id;
	}

	private record Row(UUID id, AiProvider provider, String sealedKey, String keyHint, @Nullable String baseUrl,
			@Nullable String strongModel, @Nullable String fastModel, Instant updatedAt) {

		@Override
		public String toString() {
			return "Row[" + this.id + ", " + this.provider.id() + "]";
		}

	}

	private Optional<Row> row(UUID workspaceId) {
		return this.jdbc
			.sql("SELECT id, provider, api_key, key_hint, base_url, strong_model, fast_model, updated_at "
					+ "FROM workspace_ai_keys WHERE workspace_id = ?")
			.param(workspaceId)
			.query((rs, n) -> new Row(rs.getObject("id", UUID.class),
					AiProvider.of(rs.getString("provider")).orElseThrow(), rs.getString("api_key"),
					rs.getString("key_hint"), rs.getString("base_url"), rs.getString("strong_model"),
					rs.getString("fast_model"), SqlTime.required(rs, "updated_at")))
			.optional();
	}

	private static void requireAdmin(Tenant tenant) {
		if (!tenant.role().atLeast(Role.ADMIN)) {
			throw ApiError.forbidden("Only the workspace's owner and admins choose its AI provider");
		}
	}

	/** The last four characters of a key long enough that they give nothing away. */
	static String hint(String key) {
		return (key.length() >= 12) ? key.substring(key.length() - 4) : "";
	}

	private static @Nullable String model(String field, @Nullable String given) {
		if (given == null || given.isBlank()) {
			return null;
		}
		String model = given.strip();
		if (model.length() > MAX_MODEL || !ONE_TOKEN.matcher(model).matches()) {
			throw ApiError.invalid(field, "Must be a model's name, as the provider writes it (claude-haiku-4-5, "
					+ "gemini-2.5-flash, gpt-4o-mini), at most " + MAX_MODEL + " characters");
		}
		return model;
	}

	/**
	 * An absolute https URL without credentials, query or fragment; plain http only to
	 * this machine (a local Ollama or vLLM), so that the key never travels in clear over
	 * a network.
	 */
	static @Nullable String baseUrl(@Nullable String given) {
		if (given == null || given.isBlank()) {
			return null;
		}
		URI uri = Endpoints.url("baseUrl", given);
		if (uri.getRawQuery() != null) {
			throw ApiError.invalid("baseUrl",
					"Must be the API's address alone, without a ?query (the key goes in " + "its own field)");
		}
		String text = uri.toString();
		while (text.endsWith("/")) {
			text = text.substring(0, text.length() - 1);
		}
		return text;
	}

}
