package dev.herald.analytics.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.herald.analytics.PostPerformance;
import dev.herald.analytics.TargetMetrics;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

import static dev.herald.common.SqlTime.required;

/**
 * The latest counts of targets, from the metrics' table.
 */
@Component
class PostPerformanceQueries implements PostPerformance {

	private final JdbcClient jdbc;

	PostPerformanceQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<UUID, TargetMetrics> latest(UUID workspaceId, Collection<UUID> targetIds) {
		Assert.notNull(workspaceId, "workspaceId must not be null");
		Map<UUID, TargetMetrics> latest = new HashMap<>();
		if (targetIds.isEmpty()) {
			return latest;
		}
		this.jdbc.sql(
				"SELECT target_id, post_id, channel_id, likes, reposts, replies, quotes, views, engagement, fetched_at "
						+ "FROM post_metrics WHERE workspace_id = ? AND target_id = ANY(?)")
			.params(workspaceId, targetIds.toArray(UUID[]::new))
			.query((rs) -> {
				UUID target = rs.getObject("target_id", UUID.class);
				latest.put(target, new TargetMetrics(target, rs.getObject("post_id", UUID.class),
						rs.getObject("channel_id", UUID.class), rs.getLong("likes"), rs.getLong("reposts"),
						rs.getLong("replies"), rs.getObject("quotes", Long.class), rs.getObject("views", Long.class),
						rs.getLong("engagement"), required(rs, "fetched_at")));
			});
		return latest;
	}

}
