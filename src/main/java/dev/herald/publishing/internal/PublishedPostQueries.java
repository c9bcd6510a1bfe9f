package dev.herald.publishing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.common.SqlTime;
import dev.herald.platform.PlatformKind;
import dev.herald.publishing.PublishedPost;
import dev.herald.publishing.PublishedPosts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

import static dev.herald.common.SqlTime.ts;

/**
 * Published targets with their post's text and hashtags, for other modules.
 */
@Component
class PublishedPostQueries implements PublishedPosts {

	private static final String SELECT = "SELECT t.id, t.post_id, t.workspace_id, p.brand_id, t.channel_id, t.platform, "
			+ "coalesce(t.text_override, p.text) AS text, coalesce(t.thread_override, p.thread) AS thread, "
			+ "p.hashtags, t.platform_post_id, t.published_at FROM post_targets t JOIN posts p ON p.id = t.post_id "
			+ "WHERE t.workspace_id = ? AND t.status = 'PUBLISHED' AND t.platform_post_id IS NOT NULL";

	private final JdbcClient jdbc;

	PublishedPostQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<PublishedPost> list(UUID workspaceId, Query query) {
		List<Object> params = new ArrayList<>();
		String sql = filtered(SELECT, workspaceId, query, params);
		return this.jdbc.sql(sql).params(params).query(PublishedPostQueries::row).list();
	}

	@Override
	public List<UUID> targetIds(UUID workspaceId, Query query) {
		List<Object> params = new ArrayList<>();
		String sql = filtered(
				"SELECT t.id FROM post_targets t JOIN posts p ON p.id = t.post_id WHERE t.workspace_id = ? "
						+ "AND t.status = 'PUBLISHED' AND t.platform_post_id IS NOT NULL",
				workspaceId, query, params);
		return this.jdbc.sql(sql).params(params).query(UUID.class).list();
	}

	@Override
	public List<PublishedPost> find(UUID workspaceId, Collection<UUID> targetIds) {
		if (targetIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql(SELECT + " AND t.id = ANY(?) ORDER BY t.published_at DESC, t.id DESC")
			.params(workspaceId, targetIds.toArray(UUID[]::new))
			.query(PublishedPostQueries::row)
			.list();
	}

	/** The query's conditions and order after a select of published targets. */
	private static String filtered(String select, UUID workspaceId, Query query, List<Object> params) {
		Assert.notNull(workspaceId, "workspaceId must not be null");
		Assert.isTrue(query.limit() > 0, "limit must be positive");
		StringBuilder sql = new StringBuilder(select);
		params.add(workspaceId);
		if (query.brandId() != null) {
			sql.append(" AND p.brand_id = ?");
			params.add(query.brandId());
		}
		if (query.channelId() != null) {
			sql.append(" AND t.channel_id = ?");
			params.add(query.channelId());
		}
		if (query.since() != null) {
			sql.append(" AND t.published_at >= ?");
			params.add(ts(query.since()));
		}
		sql.append(" ORDER BY t.published_at DESC, t.id DESC LIMIT ?");
		params.add(query.limit());
		return sql.toString();
	}

	@Override
	public Optional<PublishedPost> find(UUID workspaceId, UUID targetId) {
		return this.jdbc.sql(SELECT + " AND t.id = ?")
			.params(workspaceId, targetId)
			.query(PublishedPostQueries::row)
			.optional();
	}

	@Override
	public List<UUID> workspacesPublishedSince(Instant since) {
		return this.jdbc
			.sql("SELECT DISTINCT workspace_id FROM post_targets WHERE status = 'PUBLISHED' AND published_at >= ?")
			.param(ts(since))
			.query(UUID.class)
			.list();
	}

	private static PublishedPost row(ResultSet rs, int n) throws SQLException {
		List<String> parts = new ArrayList<>();
		parts.add(rs.getString("text"));
		parts.addAll(PostService.strings(rs.getArray("thread")));
		return new PublishedPost(rs.getObject("id", UUID.class), rs.getObject("post_id", UUID.class),
				rs.getObject("workspace_id", UUID.class), rs.getObject("brand_id", UUID.class),
				rs.getObject("channel_id", UUID.class), PlatformKind.valueOf(rs.getString("platform")),
				String.join("\n\n", parts), PostService.strings(rs.getArray("hashtags")),
				rs.getString("platform_post_id"), SqlTime.required(rs, "published_at"));
	}

}
