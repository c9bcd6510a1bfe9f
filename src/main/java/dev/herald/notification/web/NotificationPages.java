package dev.herald.notification.web;

import java.util.UUID;
import java.util.regex.Pattern;

import dev.herald.common.CursorPage;
import dev.herald.notification.Notification;
import dev.herald.notification.Notifications;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in user's in-app notifications, newest first, the unread ones highlighted.
 * The user is the authentication's name (their id), as on the API: this module knows
 * nothing of users or workspaces.
 */
@Controller
@RequestMapping("/notifications")
class NotificationPages {

	private static final Pattern LOCAL_PATH = Pattern.compile("/(?!/)[A-Za-z0-9._~/?=&%-]*");

	private final Notifications notifications;

	NotificationPages(Notifications notifications) {
		this.notifications = notifications;
	}

	@GetMapping
	String list(Authentication authentication, @RequestParam(required = false) @Nullable String cursor, Model model) {
		UUID user = NotificationController.user(authentication);
		CursorPage<Notification> page = this.notifications.list(user, false, CursorPage.PageRequest.of(cursor, 30));
		model.addAttribute("page", page);
		model.addAttribute("unread", this.notifications.unread(user));
		return "notification/notifications";
	}

	@PostMapping("/{id}/read")
	String read(Authentication authentication, @PathVariable UUID id,
			@RequestParam(required = false) @Nullable String open) {
		Notification notification = this.notifications.markRead(NotificationController.user(authentication), id)
			.orElseThrow(() -> dev.herald.common.ApiError.notFound("Notification"));
		// "Open" marks it read and follows its link, only ever to a path of this site
		if (open != null && notification.link() != null && LOCAL_PATH.matcher(notification.link()).matches()) {
			return "redirect:" + notification.link();
		}
		return "redirect:/notifications";
	}

	@PostMapping("/read-all")
	String readAll(Authentication authentication, RedirectAttributes redirect) {
		int count = this.notifications.markAllRead(NotificationController.user(authentication));
		redirect.addFlashAttribute("notice", (count == 0) ? "Nothing was unread."
				: (count == 1) ? "1 notification marked read." : count + " notifications marked read.");
		return "redirect:/notifications";
	}

}
