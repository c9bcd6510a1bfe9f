package dev.herald.identity.web;

import java.util.List;

import dev.herald.common.ApiResponse;
import dev.herald.common.RequestOrigin;
import dev.herald.identity.CurrentUser;
import dev.herald.identity.SignedIn;
import dev.herald.identity.UserProfile;
import dev.herald.identity.internal.Accounts;
import dev.herald.identity.internal.LoginOutcome;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/auth}: sign-up, verification, login (with the two-factor step), token
 * refresh, logout, password reset and two-factor set-up.
 */
@RestController
@RequestMapping(path = "/api/v1/auth", produces = "application/json")
@Tag(name = "Authentication")
class AuthController {

	private final Accounts accounts;

	AuthController(Accounts accounts) {
		this.accounts = accounts;
	}

	record RegisterRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String password,
			@NotBlank @Size(max = 100) String name) {
	}

	record Registered(UserProfile user, boolean verificationRequired, String message) {
	}

	@PostMapping(path = "/register", consumes = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create an account; a verification link is emailed")
	ApiResponse<Registered> register(@Valid @RequestBody RegisterRequest body, HttpServletRequest request) {
		UserProfile user = this.accounts.register(body.email(), body.password(), body.name(),
				RequestOrigin.of(request));
		return ApiResponse.of(new Registered(user, true,
				"We sent a verification link to " + user.email() + ": open it, then log in"));
	}

	record TokenRequest(@NotBlank @Size(max = 2000) String token) {
	}

	@PostMapping(path = "/verify-email", consumes = "application/json")
	@Operation(summary = "Verify the email address with the token from the emailed link")
	ApiResponse<UserProfile> verifyEmail(@Valid @RequestBody TokenRequest body, HttpServletRequest request) {
		return ApiResponse.of(this.accounts.verifyEmail(body.token(), RequestOrigin.of(request)));
	}

	record EmailRequest(@NotBlank @Size(max = 254) String email) {
	}

	record Accepted(String message) {
	}

	@PostMapping(path = "/resend-verification", consumes = "application/json")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Send a new verification link to an unverified account")
	ApiResponse<Accepted> resendVerification(@Valid @RequestBody EmailRequest body, HttpServletRequest request) {
		this.accounts.resendVerification(body.email(), RequestOrigin.of(request));
		return ApiResponse.of(new Accepted("If an unverified account uses this address, a new link is on its way"));
	}

	record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String password,
			@Nullable Boolean rememberMe) {
	}

	record Tokens(String accessToken, String refreshToken, String tokenType, long expiresIn) {

		static Tokens of(SignedIn signedIn) {
			return new Tokens(signedIn.accessToken(), signedIn.refreshToken(), "Bearer", signedIn.expiresIn());
		}

	}

	record LoginResponse(boolean twoFactorRequired, @Nullable String challengeToken, @Nullable UserProfile user,
			@Nullable Tokens tokens) {
	}

	@PostMapping(path = "/login", consumes = "application/json")
	@Operation(summary = "Log in; answers tokens, or a challenge for the two-factor step")
	ApiResponse<LoginResponse> login(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
		LoginOutcome outcome = this.accounts.login(body.email(), body.password(),
				Boolean.TRUE.equals(body.rememberMe()), RequestOrigin.of(request));
		return ApiResponse.of(switch (outcome) {
			case LoginOutcome.Complete complete -> signedIn(complete.session());
			case LoginOutcome.TwoFactorRequired challenge ->
				new LoginResponse(true, challenge.challengeToken(), null, null);
		});
	}

	record TwoFactorLoginRequest(@NotBlank @Size(max = 2000) String challengeToken,
			@NotBlank @Size(max = 20) String code) {
	}

	@PostMapping(path = "/login/2fa", consumes = "application/json")
	@Operation(summary = "Second login step: a TOTP code or a recovery code")
	ApiResponse<LoginResponse> loginTwoFactor(@Valid @RequestBody TwoFactorLoginRequest body,
			HttpServletRequest request) {
		return ApiResponse.of(signedIn(
				this.accounts.completeTwoFactor(body.challengeToken(), body.code(), RequestOrigin.of(request))));
	}

	record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
	}

	@PostMapping(path = "/refresh", consumes = "application/json")
	@Operation(summary = "Exchange a refresh token for new tokens; the old refresh token stops working")
	ApiResponse<Tokens> refresh(@Valid @RequestBody RefreshRequest body, HttpServletRequest request) {
		return ApiResponse.of(Tokens.of(this.accounts.refresh(body.refreshToken(), RequestOrigin.of(request))));
	}

	record LogoutRequest(@Nullable Boolean allDevices) {
	}

	@PostMapping("/logout")
	@Operation(summary = "End this session, or every session with allDevices")
	ResponseEntity<Void> logout(@RequestBody(required = false) @Nullable LogoutRequest body,
			HttpServletRequest request) {
		boolean everywhere = body != null && Boolean.TRUE.equals(body.allDevices());
		this.accounts.logout(CurrentUser.require(), everywhere, RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = "/forgot-password", consumes = "application/json")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Email a password reset link (valid one hour, single use)")
	ApiResponse<Accepted> forgotPassword(@Valid @RequestBody EmailRequest body, HttpServletRequest request) {
		this.accounts.forgotPassword(body.email(), RequestOrigin.of(request));
		return ApiResponse.of(new Accepted("If an account uses this address, a reset link is on its way"));
	}

	record ResetRequest(@NotBlank @Size(max = 2000) String token, @NotBlank @Size(max = 200) String password) {
	}

	@PostMapping(path = "/reset-password", consumes = "application/json")
	@Operation(summary = "Set a new password with the emailed token; every session ends")
	ApiResponse<Accepted> resetPassword(@Valid @RequestBody ResetRequest body, HttpServletRequest request) {
		this.accounts.resetPassword(body.token(), body.password(), RequestOrigin.of(request));
		return ApiResponse.of(new Accepted("Your password is changed: log in with it"));
	}

	@PostMapping("/2fa/setup")
	@Operation(summary = "Start two-factor set-up: a secret and QR code for an authenticator app")
	ApiResponse<Accounts.TwoFactorSetup> setupTwoFactor() {
		return ApiResponse.of(this.accounts.setupTwoFactor(CurrentUser.require().userId()));
	}

	record CodeRequest(@NotBlank @Size(max = 20) String code) {
	}

	record RecoveryCodesResponse(List<String> recoveryCodes, String message) {
	}

	@PostMapping(path = "/2fa/enable", consumes = "application/json")
	@Operation(summary = "Turn two-factor on with a code from the app; answers ten recovery codes, once")
	ApiResponse<RecoveryCodesResponse> enableTwoFactor(@Valid @RequestBody CodeRequest body,
			HttpServletRequest request) {
		List<String> codes = this.accounts.enableTwoFactor(CurrentUser.require().userId(), body.code(),
				RequestOrigin.of(request));
		return ApiResponse.of(new RecoveryCodesResponse(codes,
				"Keep these recovery codes somewhere safe: each works once if you lose your authenticator"));
	}

	record DisableRequest(@Size(max = 200) @Nullable String password, @NotBlank @Size(max = 20) String code) {
	}

	@PostMapping(path = "/2fa/disable", consumes = "application/json")
	@Operation(summary = "Turn two-factor off (password and a current or recovery code)")
	ResponseEntity<Void> disableTwoFactor(@Valid @RequestBody DisableRequest body, HttpServletRequest request) {
		this.accounts.disableTwoFactor(CurrentUser.require().userId(), (body.password() != null) ? body.password() : "",
				body.code(), RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	private LoginResponse signedIn(SignedIn session) {
		UserProfile user = this.accounts.find(session.userId()).orElseThrow();
		return new LoginResponse(false, null, user, Tokens.of(session));
	}

}
