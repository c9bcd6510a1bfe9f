package dev.herald.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.herald.common.HeraldSettings;
import dev.herald.common.Ids;
import dev.herald.notification.MailboxMessage;
import dev.herald.notification.Mailer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * The mailer: SMTP through Spring's {@link JavaMailSender} when a host is configured, the
 * dev mailbox otherwise. Sending happens on a virtual thread so that a slow SMTP server
 * never holds a request.
 */
@Component
class SmtpMailer implements Mailer, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);

	private final @Nullable JavaMailSender sender;

	private final MailSettings settings;

	private final HeraldSettings herald;

	private final JdbcClient jdbc;

	private final Clock clock;

	/**
	 * Four deliveries at once: a burst of emails waits in this queue rather than opening
	 * thousands of connections to the SMTP server.
	 */
	private final ExecutorService executor = Executors.newFixedThreadPool(4,
			Thread.ofVirtual().name("mail-", 0).factory());

	SmtpMailer(ObjectProvider<JavaMailSender> sender, @Value("${spring.mail.host:}") String host, MailSettings settings,
			HeraldSettings herald, JdbcClient jdbc, Clock clock) {
		this.sender = host.isBlank() ? null : sender.getIfAvailable();
		this.settings = settings;
		this.herald = herald;
		this.jdbc = jdbc;
		this.clock = clock;
		if (this.sender == null) {
			log.info(this.herald.production()
					? "No SMTP_HOST configured: Herald cannot send email (verification, password reset, invitations)"
					: "No SMTP_HOST configured: emails go to the log and to the dev mailbox at /dev/mailbox");
		}
	}

	@Override
	public void send(String to, String subject, String body) {
		Map<String, String> context = MDC.getCopyOfContextMap();
		this.executor.execute(() -> {
			// keep the request id on the log lines of the delivery
			if (context != null) {
				MDC.setContextMap(context);
			}
			try {
				deliver(to, subject, body);
			}
			finally {
				MDC.clear();
			}
		});
	}

	private void deliver(String to, String subject, String body) {
		if (this.sender == null) {
			if (this.herald.production()) {
				log.warn("Email '{}' to {} not sent: no SMTP_HOST configured", subject, to);
				return;
			}
			this.jdbc.sql("INSERT INTO dev_mailbox (id, recipient, subject, body, sent_at) VALUES (?, ?, ?, ?, ?)")
				.params(Ids.next(), to, subject, body, java.sql.Timestamp.from(Instant.now(this.clock)))
				.update();
			log.info("Dev mailbox: email to {}: {}\n{}", to, subject, body);
			return;
		}
		try {
			MimeMessage message = this.sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
			helper.setFrom(new InternetAddress(this.settings.from()));
			helper.setTo(to);
			helper.setSubject(subject);
			helper.setText(body, false);
			this.sender.send(message);
			log.info("Sent email '{}' to {}", subject, to);
		}
		catch (Exception ex) {
			log.error("Cannot send email '{}' to {}: {}", subject, to, ex.getClass().getSimpleName());
		}
	}

	@Override
	public List<MailboxMessage> devMailbox(int limit) {
		if (this.sender != null || this.herald.production()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT id, recipient, subject, body, sent_at FROM dev_mailbox ORDER BY id DESC LIMIT ?")
			.param(limit)
			.query((rs, i) -> new MailboxMessage(rs.getObject("id", java.util.UUID.class), rs.getString("recipient"),
					rs.getString("subject"), rs.getString("body"), rs.getTimestamp("sent_at").toInstant()))
			.list();
	}

	@Override
	public boolean delivers() {
		return this.sender != null;
	}

	@Override
	public void destroy() {
		this.executor.close();
	}

}
