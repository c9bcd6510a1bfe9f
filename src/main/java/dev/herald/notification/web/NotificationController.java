package dev.herald.notification.web;

import java.util.List;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.ApiResponse;
import dev.herald.common.CursorPage;
import dev.herald.common.Ids;
import dev.herald.notification.Notification;
import dev.herald.notification.Notifications;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/users/me/notifications}: the signed-in user's in-app notifications,
 * newest first.
 */
@RestController
@RequestMapping(path = "/api/v1/users/me/notifications", produces = "application/json")
@Tag(name = "Notifications")
class NotificationController {

	private final Notifications notifications;

	NotificationController(Notifications notifications) {
		this.notifications = notifications;
	}

	@GetMapping
	@Operation(summary = "My notifications, newest first (?unread=true for unread ones only)")
	ApiResponse<List<Notification>> list(Authentication authentication,
			@RequestParam(defaultValue = "false") boolean unread,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return ApiResponse
			.page(this.notifications.list(user(authentication), unread, CursorPage.PageRequest.of(cursor, limit)));
	}

	@PatchMapping("/{id}/read")
	@Operation(summary = "Mark a notification read")
	ApiResponse<Notification> read(Authentication authentication, @PathVariable String id) {
		return ApiResponse.of(this.notifications.markRead(user(authentication), Ids.parse(id, "Notification"))
			.orElseThrow(() -> ApiError.notFound("Notification")));
	}

	@PostMapping("/read-all")
	@Operation(summary = "Mark all my notifications read")
	ApiResponse<Integer> readAll(Authentication authentication) {
		return ApiResponse.of(this.notifications.markAllRead(user(authentication)));
	}

	/** The signed-in user's id: the security chain names every authentication by it. */
	static UUID user(Authentication authentication) {
		return UUID.fromString(authentication.getName());
	}

}
