package dev.herald.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * A message kept in the dev mailbox because no SMTP server is configured.
 *
 * @param id the message's id
 * @param recipient to whom it was addressed
 * @param subject its subject
 * @param body its text
 * @param sentAt when it was sent
 */
public record MailboxMessage(UUID id, String recipient, String subject, String body, Instant sentAt) {
}
