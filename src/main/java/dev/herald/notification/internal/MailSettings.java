package dev.herald.notification.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Email settings.
 *
 * @param from the sender ({@code EMAIL_FROM})
 */
@ConfigurationProperties("herald.notification")
record MailSettings(@DefaultValue("Herald <no-reply@localhost>") String from) {
}
