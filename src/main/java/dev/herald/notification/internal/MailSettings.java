package dev.herald.notification.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Email settings.
 *
 * @param from the sender ({@code EMAIL_FROM})
 * @param emailDelay how long notifications' emails wait to be sent together: a user told
 * of several things within it gets one email listing them
 * @param digestItems notifications an email lists at most (the rest are counted, with a
 * link to the notifications page)
 */
@ConfigurationProperties("herald.notification")
record MailSettings(@DefaultValue("Herald <no-reply@localhost>") String from, @DefaultValue("2s") Duration emailDelay,
		@DefaultValue("20") int digestItems) {
}
