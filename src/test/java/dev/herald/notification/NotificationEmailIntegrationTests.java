package dev.herald.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.herald.IntegrationTestSupport;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * A notification's email leaves only once the notification is committed (one written in a
 * transaction that rolls back is neither stored nor emailed), and notifications close
 * together make one digest.
 */
class NotificationEmailIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private Notifications notifications;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void emailsOnlyWhatWasCommitted() throws Exception {
		Session user = signUp("Notice");
		Notifications.Recipient recipient = new Notifications.Recipient(user.userId(), user.email());
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.executeWithoutResult((tx) -> {
			this.notifications.notify(recipient, null, NotificationType.POST_PUBLISHED, "Rolled back", "Never told",
					null);
			throw new IllegalStateException("the settlement failed");
		}));
		this.transactions.executeWithoutResult((tx) -> this.notifications.notify(recipient, null,
				NotificationType.POST_PUBLISHED, "Committed", "Told once", null));
		// the committed one arrives; the rolled-back one, queued first if at all, never
		await().atMost(Duration.ofSeconds(10)).until(() -> subjects(user.email()).contains("Committed"));
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.until(() -> !subjects(user.email()).contains("Rolled back"));
		assertThat(this.notifications.latest(user.userId(), 10)).extracting(Notification::title)
			.containsExactly("Committed");
	}

	@Test
	void emailsAtOnceOutsideATransaction() throws Exception {
		Session user = signUp("Direct");
		this.notifications.notify(new Notifications.Recipient(user.userId(), user.email()), null,
				NotificationType.POST_FAILED, "Outside", "No transaction", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> subjects(user.email()).contains("Outside"));
	}

	@Test
	void sendsOneDigestForNotificationsCloseTogether() throws Exception {
		Session user = signUp("Burst");
		Notifications.Recipient recipient = new Notifications.Recipient(user.userId(), user.email());
		for (int i = 1; i <= 22; i++) {
			this.notifications.notify(recipient, null, NotificationType.POST_PUBLISHED, "Published: post " + i,
					"Your post is live", "/posts/" + i);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !messages(user.email()).isEmpty());
		// and nothing more after it
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.until(() -> messages(user.email()).size() == 1);
		List<MimeMessage> emails = messages(user.email());
		assertThat(emails).hasSize(1);
		assertThat(emails.getFirst().getSubject()).isEqualTo("22 updates from Herald");
		String text = String.valueOf(emails.getFirst().getContent());
		assertThat(text).contains("- Published: post 1", "- Published: post 20", "/posts/20", "…and 2 more.",
				"/notifications");
		assertThat(text).doesNotContain("post 21");
		// every one is in the app
		assertThat(this.notifications.unread(user.userId())).isEqualTo(22);
	}

	/** The emails of notifications to an address (not the sign-up's verification). */
	private static List<MimeMessage> messages(String email) throws Exception {
		List<MimeMessage> messages = new ArrayList<>();
		for (MimeMessage message : MAIL.getReceivedMessages()) {
			if (message.getAllRecipients()[0].toString().equalsIgnoreCase(email)
					&& !message.getSubject().startsWith("Verify your email")) {
				messages.add(message);
			}
		}
		return messages;
	}

	private static List<String> subjects(String email) throws Exception {
		List<String> subjects = new ArrayList<>();
		for (MimeMessage message : messages(email)) {
			subjects.add(message.getSubject());
		}
		return subjects;
	}

}
