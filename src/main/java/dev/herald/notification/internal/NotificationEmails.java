package dev.herald.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.herald.common.HeraldSettings;
import dev.herald.notification.Mailer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import static dev.herald.common.SqlTime.ts;

/**
 * Sends notifications' emails in batches: a committed notification asks for a send
 * {@link MailSettings#emailDelay()} later, and everything unsent by then goes out as one
 * email per address — the notification itself when it is alone, a digest listing them
 * when there are several. A burst of a thousand published posts makes a few digests, not
 * a thousand emails. Each notification is taken by one sender (instances share the
 * table), and a sweep every minute sends what an instance that stopped left behind.
 */
@Component
class NotificationEmails {

	private static final Logger log = LoggerFactory.getLogger(NotificationEmails.class);

	/** Notifications taken in one statement. */
	private static final int BATCH = 1000;

	private final JdbcClient jdbc;

	private final Mailer mailer;

	private final MailSettings settings;

	private final HeraldSettings herald;

	private final TaskScheduler scheduler;

	private final Clock clock;

	/** A send is already due on this instance: later notifications ride along. */
	private final AtomicBoolean due = new AtomicBoolean();

	NotificationEmails(JdbcClient jdbc, Mailer mailer, MailSettings settings, HeraldSettings herald,
			TaskScheduler scheduler, Clock clock) {
		this.jdbc = jdbc;
		this.mailer = mailer;
		this.settings = settings;
		this.herald = herald;
		this.scheduler = scheduler;
		this.clock = clock;
	}

	/**
	 * A notification with an email was committed: sends it, with any others, soon. The
	 * send is the application's scheduler's, so that one still pending when Herald stops
	 * is dropped with it (the sweep of the next start sends it).
	 */
	void soon() {
		if (this.due.compareAndSet(false, true)) {
			this.scheduler.schedule(() -> {
				this.due.set(false);
				send();
			}, this.scheduler.getClock().instant().plus(this.settings.emailDelay()));
		}
	}

	/** Sends what an instance that stopped before its send left behind. */
	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
	void sweep() {
		send();
	}

	/** Takes every unsent notification and emails it, one email per recipient. */
	void send() {
		try {
			List<Unsent> taken;
			do {
				taken = take();
				Map<String, List<Unsent>> byAddress = new LinkedHashMap<>();
				for (Unsent unsent : taken) {
					byAddress.computeIfAbsent(unsent.to(), (address) -> new ArrayList<>()).add(unsent);
				}
				byAddress.values().forEach(this::email);
			}
			while (taken.size() == BATCH);
		}
		catch (RuntimeException ex) {
			// the next notification or the sweep tries again; those taken are not resent
			log.error("Cannot send notification emails: {}", ex.getMessage());
		}
	}

	/**
	 * Marks a batch as sent and answers it, oldest first. Taken in one statement: a
	 * notification another sender is taking is skipped, never emailed twice.
	 */
	private List<Unsent> take() {
		return this.jdbc
			.sql("UPDATE notifications n SET emailed_at = ? FROM (SELECT id FROM notifications "
					+ "WHERE email_to IS NOT NULL AND emailed_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) t "
					+ "WHERE n.id = t.id RETURNING n.id, n.email_to, n.title, n.body, n.link")
			.params(ts(Instant.now(this.clock)), BATCH)
			.query((rs, n) -> new Unsent(rs.getObject("id", UUID.class), rs.getString("email_to"),
					rs.getString("title"), rs.getString("body"), rs.getString("link")))
			.list()
			.stream()
			.sorted(Comparator.comparing(Unsent::id))
			.toList();
	}

	private void email(List<Unsent> notifications) {
		Unsent first = notifications.getFirst();
		if (notifications.size() == 1) {
			this.mailer.send(first.to(), first.title(), first.body() + link(first.link()));
			return;
		}
		StringBuilder text = new StringBuilder();
		int listed = Math.min(notifications.size(), this.settings.digestItems());
		for (Unsent notification : notifications.subList(0, listed)) {
			text.append("- ").append(notification.title());
			if (notification.link() != null) {
				text.append("\n  ").append(this.herald.baseUrl()).append(notification.link());
			}
			text.append('\n');
		}
		if (notifications.size() > listed) {
			text.append("\n…and ").append(notifications.size() - listed).append(" more.\n");
		}
		text.append("\nAll your notifications: ").append(this.herald.baseUrl()).append("/notifications");
		this.mailer.send(first.to(), notifications.size() + " updates from Herald", text.toString());
	}

	private String link(@Nullable String link) {
		return (link != null) ? "\n\n" + this.herald.baseUrl() + link : "";
	}

	private record Unsent(UUID id, String to, String title, String body, @Nullable String link) {
	}

}
