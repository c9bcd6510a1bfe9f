package dev.herald.identity.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.herald.common.ApiResponse;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.CurrentUser;
import dev.herald.identity.UserProfile;
import dev.herald.identity.internal.Accounts;
import dev.herald.identity.internal.SessionInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/users/me}: the caller's profile, password, sessions and account.
 */
@RestController
@RequestMapping(path = "/api/v1/users/me", produces = "application/json")
@Tag(name = "Users")
class UserController {

	private final Accounts accounts;

	UserController(Accounts accounts) {
		this.accounts = accounts;
	}

	@GetMapping
	@Operation(summary = "The caller's profile")
	ApiResponse<UserProfile> me() {
		AuthenticatedUser caller = CurrentUser.require();
		return ApiResponse.of(this.accounts.find(caller.userId()).orElseThrow());
	}

	record ProfileUpdate(@Nullable @Size(min = 1, max = 100) String name, @Nullable @Size(max = 2000) String avatarUrl,
			@Nullable @Size(max = 35) String locale, @Nullable @Size(max = 64) String timezone) {
	}

	@PatchMapping(consumes = "application/json")
	@Operation(summary = "Change name, avatar, locale or time zone; absent fields stay as they are")
	ApiResponse<UserProfile> update(@Valid @RequestBody ProfileUpdate body) {
		return ApiResponse.of(this.accounts.updateProfile(CurrentUser.require().userId(), body.name(), body.avatarUrl(),
				body.locale(), body.timezone()));
	}

	record PasswordChange(@NotBlank @Size(max = 200) String currentPassword,
			@NotBlank @Size(max = 200) String newPassword) {
	}

	@PutMapping(path = "/password", consumes = "application/json")
	@Operation(summary = "Change the password; every other session ends")
	ResponseEntity<Void> changePassword(@Valid @RequestBody PasswordChange body, HttpServletRequest request) {
		this.accounts.changePassword(CurrentUser.require(), body.currentPassword(), body.newPassword(),
				RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	record AccountDeletion(@Nullable @Size(max = 200) String password) {
	}

	@DeleteMapping
	@Operation(summary = "Delete the account (password required; workspace owners must transfer first)")
	ResponseEntity<Void> delete(@Valid @RequestBody(required = false) @Nullable AccountDeletion body,
			HttpServletRequest request) {
		String password = (body != null && body.password() != null) ? body.password() : "";
		this.accounts.deleteAccount(CurrentUser.require(), password, RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	record SessionView(UUID id, @Nullable String userAgent, @Nullable String ip, boolean current, boolean rememberMe,
			Instant createdAt, Instant lastUsedAt, Instant expiresAt) {
	}

	@GetMapping("/sessions")
	@Operation(summary = "The caller's active sessions (signed-in devices)")
	ApiResponse<List<SessionView>> sessions() {
		AuthenticatedUser caller = CurrentUser.require();
		return ApiResponse.of(this.accounts.sessions(caller.userId()).stream().map((s) -> view(s, caller)).toList());
	}

	@DeleteMapping("/sessions/{id}")
	@Operation(summary = "End one session (sign a device out)")
	ResponseEntity<Void> revokeSession(@PathVariable String id, HttpServletRequest request) {
		AuthenticatedUser caller = CurrentUser.require();
		this.accounts.revokeSession(caller.userId(), Ids.parse(id, "Session"), "revoked_by_user",
				RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	private static SessionView view(SessionInfo session, AuthenticatedUser caller) {
		return new SessionView(session.id(), session.userAgent(), session.ip(), session.id().equals(caller.sessionId()),
				session.rememberMe(), session.createdAt(), session.lastUsedAt(), session.expiresAt());
	}

}
