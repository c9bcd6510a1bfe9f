package dev.herald.identity.web;

import java.util.List;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.RequestOrigin;
import dev.herald.common.web.FormErrors;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.CurrentUser;
import dev.herald.identity.DashboardSignIn;
import dev.herald.identity.UserProfile;
import dev.herald.identity.internal.Accounts;
import dev.herald.identity.internal.SessionInfo;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in user's own settings: profile, password, account deletion, two-factor
 * authentication and the devices signed in.
 */
@Controller
@RequestMapping("/account")
class AccountPages {

	private final Accounts accounts;

	AccountPages(Accounts accounts) {
		this.accounts = accounts;
	}

	record ProfileForm(@Nullable String name, @Nullable String avatarUrl, @Nullable String locale,
			@Nullable String timezone) {

		static ProfileForm of(UserProfile user) {
			return new ProfileForm(user.name(), user.avatarUrl(), user.locale(), user.timezone());
		}

	}

	record PasswordForm(@Nullable String currentPassword, @Nullable String newPassword) {
	}

	/**
	 * A session as listed, marked when it is the one of this browser.
	 *
	 * @param session the session
	 * @param current whether it is this browser's
	 */
	record SessionRow(SessionInfo session, boolean current) {
	}

	// profile and password
	// -------------------------------------------------------------------

	@GetMapping
	String account(Model model) {
		UserProfile user = me();
		model.addAttribute("user", user);
		model.addAttribute("profile", ProfileForm.of(user));
		return "identity/account";
	}

	@PostMapping("/profile")
	String updateProfile(@ModelAttribute("profile") ProfileForm form, Model model, RedirectAttributes redirect) {
		try {
			this.accounts.updateProfile(caller().userId(), AuthPages.text(form.name()),
					AuthPages.text(form.avatarUrl()), blankToNull(form.locale()), blankToNull(form.timezone()));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("user", me());
			return "identity/account";
		}
		redirect.addFlashAttribute("notice", "Your profile is saved.");
		return "redirect:/account";
	}

	@PostMapping("/password")
	String changePassword(@ModelAttribute PasswordForm form, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		try {
			this.accounts.changePassword(caller(), AuthPages.text(form.currentPassword()),
					AuthPages.text(form.newPassword()), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			UserProfile user = me();
			model.addAttribute("user", user);
			model.addAttribute("profile", ProfileForm.of(user));
			return "identity/account";
		}
		redirect.addFlashAttribute("notice", "Your password is changed; your other devices were signed out.");
		return "redirect:/account";
	}

	@PostMapping("/delete")
	String deleteAccount(@RequestParam(defaultValue = "") String password, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		try {
			this.accounts.deleteAccount(caller(), password, RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			UserProfile user = me();
			model.addAttribute("user", user);
			model.addAttribute("profile", ProfileForm.of(user));
			return "identity/account";
		}
		DashboardSignIn.signOut(request);
		redirect.addFlashAttribute("notice", "Your account is deleted.");
		return "redirect:/login";
	}

	// security: two-factor and sessions
	// ------------------------------------------------------

	@GetMapping("/security")
	String security(Model model) {
		return securityPage(model);
	}

	@PostMapping("/2fa/setup")
	String setupTwoFactor(Model model) {
		try {
			model.addAttribute("setup", this.accounts.setupTwoFactor(caller().userId()));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
		}
		return securityPage(model);
	}

	@PostMapping("/2fa/enable")
	String enableTwoFactor(@RequestParam(defaultValue = "") String code, Model model, HttpServletRequest request) {
		try {
			List<String> codes = this.accounts.enableTwoFactor(caller().userId(), code, RequestOrigin.of(request));
			// shown this once: they are stored hashed
			model.addAttribute("recoveryCodes", codes);
			model.addAttribute("notice", "Two-factor authentication is on.");
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("setupFailed", true);
		}
		return securityPage(model);
	}

	@PostMapping("/2fa/disable")
	String disableTwoFactor(@RequestParam(defaultValue = "") String password,
			@RequestParam(defaultValue = "") String code, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		try {
			this.accounts.disableTwoFactor(caller().userId(), password, code, RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			return securityPage(model);
		}
		redirect.addFlashAttribute("notice", "Two-factor authentication is off.");
		return "redirect:/account/security";
	}

	@PostMapping("/sessions/{id}/revoke")
	String revokeSession(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		AuthenticatedUser caller = caller();
		try {
			this.accounts.revokeSession(caller.userId(), id, "revoked_in_settings", RequestOrigin.of(request));
		}
		catch (ApiError error) {
			redirect.addFlashAttribute(FormErrors.ERROR, FormErrors.message(error));
			return "redirect:/account/security";
		}
		if (id.equals(caller.sessionId())) {
			DashboardSignIn.signOut(request);
			return "redirect:/login";
		}
		redirect.addFlashAttribute("notice", "The device is signed out.");
		return "redirect:/account/security";
	}

	private String securityPage(Model model) {
		AuthenticatedUser caller = caller();
		UserProfile user = me();
		model.addAttribute("user", user);
		model.addAttribute("recoveryCodesLeft",
				user.twoFactorEnabled() ? this.accounts.remainingRecoveryCodes(user.id()) : 0);
		model.addAttribute("sessions",
				this.accounts.sessions(caller.userId())
					.stream()
					.map((s) -> new SessionRow(s, s.id().equals(caller.sessionId())))
					.toList());
		return "identity/security";
	}

	private UserProfile me() {
		return this.accounts.find(caller().userId()).orElseThrow(() -> ApiError.notFound("User"));
	}

	private static AuthenticatedUser caller() {
		return CurrentUser.require();
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
