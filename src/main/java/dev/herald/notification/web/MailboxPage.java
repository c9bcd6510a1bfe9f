package dev.herald.notification.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.herald.common.ApiError;
import dev.herald.common.HeraldSettings;
import dev.herald.notification.MailboxMessage;
import dev.herald.notification.Mailer;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /dev/mailbox}: in local mode without SMTP, the mail Herald would have sent, with
 * its links clickable, so that sign-up, reset and invitations can be tried without a mail
 * server. Production answers 404.
 */
@Controller
class MailboxPage {

	private static final Pattern LINK = Pattern.compile("https?://\\S+");

	private final Mailer mailer;

	private final HeraldSettings herald;

	MailboxPage(Mailer mailer, HeraldSettings herald) {
		this.mailer = mailer;
		this.herald = herald;
	}

	/**
	 * A message cut into text and links, so that the page shows links as links without
	 * trusting any HTML.
	 *
	 * @param message the message
	 * @param parts its body in order
	 */
	record Mail(MailboxMessage message, List<Part> parts) {
	}

	/**
	 * Text, or a link.
	 *
	 * @param text the text
	 * @param link whether it is a link
	 */
	record Part(String text, boolean link) {
	}

	@GetMapping("/dev/mailbox")
	String mailbox(Model model) {
		if (this.herald.production()) {
			throw ApiError.notFound("Page");
		}
		model.addAttribute("mails", this.mailer.devMailbox(50).stream().map(MailboxPage::mail).toList());
		model.addAttribute("delivers", this.mailer.delivers());
		return "notification/mailbox";
	}

	static Mail mail(MailboxMessage message) {
		List<Part> parts = new ArrayList<>();
		Matcher matcher = LINK.matcher(message.body());
		int at = 0;
		while (matcher.find()) {
			parts.add(new Part(message.body().substring(at, matcher.start()), false));
			parts.add(new Part(matcher.group(), true));
			at = matcher.end();
		}
		parts.add(new Part(message.body().substring(at), false));
		return new Mail(message, parts);
	}

}
