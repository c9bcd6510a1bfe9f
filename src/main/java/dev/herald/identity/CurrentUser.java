package dev.herald.identity;

import java.util.Optional;

import dev.herald.common.ApiError;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller of the current request.
 */
public final class CurrentUser {

	private CurrentUser() {
	}

	/** The caller; 401 if the request is not authenticated. */
	public static AuthenticatedUser require() {
		return find().orElseThrow(() -> ApiError.unauthorized("Authentication is required"));
	}

	public static Optional<AuthenticatedUser> find() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof HeraldAuthentication herald) {
			return Optional.of(herald.getPrincipal());
		}
		return Optional.empty();
	}

}
