package dev.herald.identity.web;

import dev.herald.common.ApiResponse;
import dev.herald.common.RequestOrigin;
import dev.herald.identity.UserProfile;
import dev.herald.identity.internal.Accounts;
import dev.herald.identity.internal.LoginOutcome;
import dev.herald.identity.internal.SocialLogins;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/auth/oauth/{provider}}: sign-in with Google or GitHub for API clients.
 * The first endpoint sends the browser to the provider; the provider sends it back to the
 * callback, which answers the tokens as {@code POST /api/v1/auth/login} does.
 */
@RestController
@RequestMapping("/api/v1/auth/oauth")
@Tag(name = "Authentication")
class SocialLoginController {

	private final SocialLogins logins;

	private final Accounts accounts;

	SocialLoginController(SocialLogins logins, Accounts accounts) {
		this.logins = logins;
		this.accounts = accounts;
	}

	@GetMapping("/{provider}")
	@Operation(summary = "Sign in with google or github: redirects to the provider (authorization code with PKCE)")
	ResponseEntity<Void> start(@PathVariable String provider, HttpServletRequest request) {
		SocialLogins.Started started = this.logins.start(provider, SocialLogins.Flow.API, RequestOrigin.of(request));
		return ResponseEntity.status(HttpStatus.FOUND)
			.location(started.redirect())
			.cacheControl(CacheControl.noStore())
			.build();
	}

	@GetMapping(path = "/{provider}/callback", produces = "application/json")
	@Operation(summary = "Where the provider sends the user back; answers tokens, or a challenge for the "
			+ "two-factor step")
	ResponseEntity<ApiResponse<AuthController.LoginResponse>> callback(@PathVariable String provider,
			@RequestParam(required = false) @Nullable String code,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String error, HttpServletRequest request) {
		LoginOutcome outcome = this.logins.finish(provider, SocialLogins.Flow.API, code, state, error,
				RequestOrigin.of(request));
		AuthController.LoginResponse body = switch (outcome) {
			case LoginOutcome.Complete complete -> {
				UserProfile user = this.accounts.find(complete.session().userId()).orElseThrow();
				yield new AuthController.LoginResponse(false, null, user, AuthController.Tokens.of(complete.session()));
			}
			case LoginOutcome.TwoFactorRequired challenge ->
				new AuthController.LoginResponse(true, challenge.challengeToken(), null, null);
		};
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(ApiResponse.of(body));
	}

}
