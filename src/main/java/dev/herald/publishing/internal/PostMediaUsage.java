package dev.herald.publishing.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

import dev.herald.media.MediaUsage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import static dev.herald.common.SqlTime.instant;

/**
 * Tells the media library which post still needs a file: one in review, approved,
 * scheduled or being published, whose channels (or one of them) carry it.
 */
@Component
class PostMediaUsage implements MediaUsage {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final JdbcClient jdbc;

	PostMediaUsage(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<String> pendingUse(UUID workspaceId, UUID mediaId) {
		return this.jdbc
			.sql("SELECT p.text, p.status, p.scheduled_at, p.timezone FROM posts p WHERE p.workspace_id = ? "
					+ "AND p.status IN ('IN_REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHING') "
					+ "AND (? = ANY (p.media_ids) OR EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = p.id "
					+ "AND ? = ANY (t.media_ids))) ORDER BY p.scheduled_at NULLS LAST LIMIT 1")
			.params(workspaceId, mediaId, mediaId)
			.query((rs, n) -> {
				String post = "the post “" + PostService.excerpt(rs.getString("text"), 40) + "”";
				java.time.Instant at = instant(rs, "scheduled_at");
				return switch (rs.getString("status")) {
					case "SCHEDULED" ->
						post + " scheduled for " + WHEN.format(at.atZone(ZoneId.of(rs.getString("timezone")))) + " ("
								+ rs.getString("timezone") + ")";
					case "PUBLISHING" -> post + ", being published now";
					case "IN_REVIEW" -> post + ", in review";
					default -> post + ", approved";
				};
			})
			.optional();
	}

}
