package dev.herald.notification;

import java.util.List;

/**
 * Sends email: over SMTP when {@code SMTP_HOST} is set; otherwise, in local mode, to the
 * log and the dev mailbox page ({@code /dev/mailbox}), and in production mode nowhere,
 * with a warning.
 */
public interface Mailer {

	/**
	 * Sends a plain-text message in the background; failures are logged, never thrown.
	 */
	void send(String to, String subject, String body);

	/**
	 * The latest messages of the dev mailbox, newest first; empty when SMTP is
	 * configured.
	 */
	List<MailboxMessage> devMailbox(int limit);

	/** Whether mail really leaves Herald (SMTP is configured). */
	boolean delivers();

}
