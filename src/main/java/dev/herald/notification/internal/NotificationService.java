package dev.herald.notification.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.common.AfterCommit;
import dev.herald.common.CursorPage;
import dev.herald.common.Ids;
import dev.herald.notification.Notification;
import dev.herald.notification.NotificationType;
import dev.herald.notification.Notifications;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import static dev.herald.common.SqlTime.instant;
import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * In-app notifications in PostgreSQL, newest first, and their emails through the
 * {@link NotificationEmails} sender.
 */
@Service
class NotificationService implements Notifications {

	private final JdbcClient jdbc;

	private final NotificationEmails emails;

	private final Clock clock;

	NotificationService(JdbcClient jdbc, NotificationEmails emails, Clock clock) {
		this.jdbc = jdbc;
		this.emails = emails;
		this.clock = clock;
	}

	@Override
	public Notification notify(Recipient recipient, @Nullable UUID workspaceId, NotificationType type, String title,
			String body, @Nullable String link) {
		return notifyAll(List.of(new Notice(recipient, workspaceId, type, title, body, link))).getFirst();
	}

	@Override
	public List<Notification> notifyAll(List<Notice> notices) {
		if (notices.isEmpty()) {
			return List.of();
		}
		Instant now = Instant.now(this.clock);
		int size = notices.size();
		UUID[] ids = new UUID[size];
		UUID[] users = new UUID[size];
		UUID[] workspaces = new UUID[size];
		String[] types = new String[size];
		String[] titles = new String[size];
		String[] bodies = new String[size];
		String[] links = new String[size];
		String[] emails = new String[size];
		List<Notification> stored = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			Notice notice = notices.get(i);
			ids[i] = Ids.next();
			users[i] = notice.recipient().userId();
			workspaces[i] = notice.workspaceId();
			types[i] = notice.type().name();
			titles[i] = notice.title();
			bodies[i] = notice.body();
			links[i] = notice.link();
			emails[i] = notice.recipient().email();
			stored.add(new Notification(ids[i], notice.workspaceId(), notice.type(), notice.title(), notice.body(),
					notice.link(), null, now));
		}
		this.jdbc
			.sql("INSERT INTO notifications (id, user_id, workspace_id, type, title, body, link, created_at, email_to) "
					+ "SELECT n.id, n.user_id, n.workspace_id, n.type, n.title, n.body, n.link, ?, n.email_to "
					+ "FROM unnest(?, ?, ?, ?, ?, ?, ?, ?) AS n(id, user_id, workspace_id, type, title, body, link, email_to)")
			.params(ts(now), ids, users, workspaces, types, titles, bodies, links, emails)
			.update();
		if (notices.stream().anyMatch((notice) -> notice.recipient().email() != null)) {
			AfterCommit.run(this.emails::soon);
		}
		return stored;
	}

	@Override
	public CursorPage<Notification> list(UUID userId, boolean unreadOnly, CursorPage.PageRequest page) {
		UUID before = page.beforeOrLast();
		List<Notification> rows = this.jdbc
			.sql("SELECT * FROM notifications WHERE user_id = ? AND id < ? AND (NOT ? OR read_at IS NULL) "
					+ "ORDER BY id DESC LIMIT ?")
			.params(userId, before, unreadOnly, page.fetchSize())
			.query(NotificationService::map)
			.list();
		return CursorPage.of(rows, page, Notification::id);
	}

	@Override
	public long unread(UUID userId) {
		return this.jdbc.sql("SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL")
			.param(userId)
			.query(Long.class)
			.single();
	}

	@Override
	public Optional<Notification> markRead(UUID userId, UUID notificationId) {
		this.jdbc.sql("UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL")
			.params(ts(Instant.now(this.clock)), userId, notificationId)
			.update();
		return this.jdbc.sql("SELECT * FROM notifications WHERE user_id = ? AND id = ?")
			.params(userId, notificationId)
			.query(NotificationService::map)
			.optional();
	}

	@Override
	public int markAllRead(UUID userId) {
		return this.jdbc.sql("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL")
			.params(ts(Instant.now(this.clock)), userId)
			.update();
	}

	@Override
	public List<Notification> latest(UUID userId, int limit) {
		return this.jdbc.sql("SELECT * FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?")
			.params(userId, limit)
			.query(NotificationService::map)
			.list();
	}

	private static Notification map(ResultSet rs, int n) throws SQLException {
		return new Notification(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
				NotificationType.valueOf(rs.getString("type")), rs.getString("title"), rs.getString("body"),
				rs.getString("link"), instant(rs, "read_at"), required(rs, "created_at"));
	}

}
