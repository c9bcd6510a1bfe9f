package dev.herald.studio.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.herald.common.Ids;
import dev.herald.studio.Strategy;
import dev.herald.studio.StrategyPlan;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * Strategies in PostgreSQL: versions numbered per brand (a new version takes the brand's
 * advisory lock, so two saves at once get 2 and 3, not 2 twice), at most one active.
 */
@Component
class StrategyStore {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	/**
	 * Plans as read, by strategy: a version's plan never changes (an edit saves a new
	 * version), and every prompt shows the brand's active one.
	 */
	private final Cache<UUID, StrategyPlan> plans = Caffeine.newBuilder()
		.executor(Runnable::run)
		.maximumSize(1_000)
		.build();

	StrategyStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	Optional<Strategy> active(UUID brandId) {
		return this.jdbc.sql("SELECT * FROM strategies WHERE brand_id = ? AND active")
			.param(brandId)
			.query(this::map)
			.optional();
	}

	Optional<Strategy> find(UUID workspaceId, UUID id) {
		return this.jdbc.sql("SELECT * FROM strategies WHERE workspace_id = ? AND id = ?")
			.params(workspaceId, id)
			.query(this::map)
			.optional();
	}

	List<Strategy> list(UUID workspaceId, UUID brandId) {
		return this.jdbc.sql("SELECT * FROM strategies WHERE workspace_id = ? AND brand_id = ? ORDER BY version DESC")
			.params(workspaceId, brandId)
			.query(this::map)
			.list();
	}

	/** Saves a new version; to be called in a transaction. */
	Strategy add(UUID workspaceId, UUID brandId, @Nullable UUID userId, @Nullable String goals, StrategyPlan plan,
			@Nullable UUID generationId, boolean activate) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(CAST(? AS text)))").param(brandId).query().singleRow();
		int version = this.jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM strategies WHERE brand_id = ?")
			.param(brandId)
			.query(Integer.class)
			.single();
		UUID id = Ids.next();
		this.jdbc
			.sql("INSERT INTO strategies (id, workspace_id, brand_id, version, active, goals, plan, generation_id, "
					+ "created_by, created_at) VALUES (?, ?, ?, ?, FALSE, ?, CAST(? AS jsonb), ?, ?, ?)")
			.params(id, workspaceId, brandId, version, goals, this.json.writeValueAsString(plan), generationId, userId,
					ts(Instant.now(this.clock)))
			.update();
		if (activate) {
			activate(brandId, id);
		}
		return find(workspaceId, id).orElseThrow();
	}

	/** Makes this version the brand's active one; to be called in a transaction. */
	void activate(UUID brandId, UUID id) {
		this.jdbc.sql("UPDATE strategies SET active = FALSE WHERE brand_id = ? AND active AND id <> ?")
			.params(brandId, id)
			.update();
		this.jdbc.sql("UPDATE strategies SET active = TRUE WHERE id = ?").param(id).update();
	}

	private Strategy map(ResultSet rs, int n) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		String plan = rs.getString("plan");
		return new Strategy(id, rs.getObject("brand_id", UUID.class), rs.getInt("version"), rs.getBoolean("active"),
				rs.getString("goals"), this.plans.get(id, (key) -> this.json.readValue(plan, StrategyPlan.class)),
				rs.getObject("generation_id", UUID.class), rs.getObject("created_by", UUID.class),
				required(rs, "created_at"));
	}

}
