package dev.herald.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.audit.AuditEntry;
import dev.herald.common.Auditable;
import dev.herald.common.CursorPage;
import dev.herald.common.Ids;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;

import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * Records every auditable event after the transaction that published it commits; the JDBC
 * event publication registry redelivers events whose recording failed, so none is lost.
 */
@Service
public class AuditLog {

	private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(Auditable event) {
		this.jdbc
			.sql("INSERT INTO audit_log (id, workspace_id, actor_id, action, resource_type, resource_id, details, ip, "
					+ "user_agent, at) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)")
			.params(Ids.next(), event.workspaceId(), event.actorId(), event.action(), event.resourceType(),
					event.resourceId(), this.json.writeValueAsString(event.details()), event.origin().ip(),
					event.origin().userAgent(), ts(Instant.now(this.clock)))
			.update();
	}

	/** A workspace's entries, newest first. */
	public CursorPage<AuditEntry> forWorkspace(UUID workspaceId, CursorPage.PageRequest page) {
		return page("workspace_id", workspaceId, page);
	}

	/** What a user did, and what was done to their account, newest first. */
	public CursorPage<AuditEntry> forActor(UUID userId, CursorPage.PageRequest page) {
		return page("actor_id", userId, page);
	}

	private CursorPage<AuditEntry> page(String column, UUID value, CursorPage.PageRequest page) {
		UUID before = page.beforeOrLast();
		List<AuditEntry> rows = this.jdbc
			.sql("SELECT * FROM audit_log WHERE " + column + " = ? AND id < ? ORDER BY id DESC LIMIT ?")
			.params(value, before, page.fetchSize())
			.query(this::map)
			.list();
		return CursorPage.of(rows, page, AuditEntry::id);
	}

	private AuditEntry map(ResultSet rs, int row) throws SQLException {
		return new AuditEntry(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
				rs.getObject("actor_id", UUID.class), rs.getString("action"), rs.getString("resource_type"),
				rs.getString("resource_id"), this.json.readValue(rs.getString("details"), DETAILS), rs.getString("ip"),
				rs.getString("user_agent"), required(rs, "at"));
	}

}
