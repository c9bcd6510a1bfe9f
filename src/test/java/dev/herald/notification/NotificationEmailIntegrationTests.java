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
 * A notification's email leaves only once the notification is committed: one written in a
 * transaction that rolls back is neither stored nor emailed.
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
		Thread.sleep(300);
		assertThat(subjects(user.email())).doesNotContain("Rolled back");
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

	private static List<String> subjects(String email) throws Exception {
		List<String> subjects = new ArrayList<>();
		for (MimeMessage message : MAIL.getReceivedMessages()) {
			if (message.getAllRecipients()[0].toString().equalsIgnoreCase(email)) {
				subjects.add(message.getSubject());
			}
		}
		return subjects;
	}

}
