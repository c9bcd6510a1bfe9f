package dev.herald.notification.web;

import java.time.Instant;
import java.util.UUID;

import dev.herald.notification.MailboxMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MailboxPageTests {

	@Test
	void cutsAMailIntoTextAndClickableLinks() {
		MailboxMessage message = new MailboxMessage(UUID.randomUUID(), "ann@example.test", "Verify",
				"Hello,\n\nhttp://localhost:8080/verify-email?token=abc\n\n<b>not html</b>", Instant.now());

		MailboxPage.Mail mail = MailboxPage.mail(message);

		assertThat(mail.parts()).extracting(MailboxPage.Part::link).containsExactly(false, true, false);
		assertThat(mail.parts().get(1).text()).isEqualTo("http://localhost:8080/verify-email?token=abc");
		assertThat(mail.parts().get(2).text()).isEqualTo("\n\n<b>not html</b>");
	}

	@Test
	void keepsAMailWithoutLinksAsText() {
		MailboxMessage message = new MailboxMessage(UUID.randomUUID(), "ann@example.test", "Hi", "No link here",
				Instant.now());

		assertThat(MailboxPage.mail(message).parts()).containsExactly(new MailboxPage.Part("No link here", false));
	}

}
