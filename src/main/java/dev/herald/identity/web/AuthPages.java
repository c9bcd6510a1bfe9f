package dev.herald.identity.web;

import dev.herald.common.ApiError;
import dev.herald.common.RequestOrigin;
import dev.herald.common.web.FormErrors;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.CurrentUser;
import dev.herald.identity.DashboardSignIn;
import dev.herald.identity.SignedIn;
import dev.herald.identity.internal.Accounts;
import dev.herald.identity.internal.LoginOutcome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The dashboard's public pages: landing, sign-up and email verification, login with the
 * two-factor step, logout, and password reset. Each form calls {@link Accounts}, which
 * validates; a refusal is shown next to the form.
 */
@Controller
class AuthPages {

	static final String CHALLENGE = "herald.login.challenge";

	private final Accounts accounts;

	AuthPages(Accounts accounts) {
		this.accounts = accounts;
	}

	record SignUpForm(@Nullable String name, @Nullable String email, @Nullable String password) {
	}

	record LoginForm(@Nullable String email, @Nullable String password, @Nullable Boolean rememberMe) {
	}

	record EmailForm(@Nullable String email) {
	}

	record ResetForm(@Nullable String token, @Nullable String password) {
	}

	// landing, sign-up, verification
	// ------------------------------------------------------------

	@GetMapping("/")
	String landing() {
		return CurrentUser.find().isPresent() ? "redirect:/app" : "identity/landing";
	}

	@GetMapping("/signup")
	String signUpForm(Model model) {
		if (CurrentUser.find().isPresent()) {
			return "redirect:/app";
		}
		model.addAttribute("form", new SignUpForm(null, null, null));
		return "identity/signup";
	}

	@PostMapping("/signup")
	String signUp(@ModelAttribute("form") SignUpForm form, Model model, HttpServletRequest request) {
		try {
			this.accounts.register(text(form.email()), text(form.password()), text(form.name()),
					RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			return "identity/signup";
		}
		model.addAttribute("email", text(form.email()).trim());
		return "identity/check-email";
	}

	/** Shows a button only: mail scanners that open links must not use the token up. */
	@GetMapping("/verify-email")
	String verifyForm(@RequestParam(defaultValue = "") String token, Model model) {
		model.addAttribute("token", token);
		return "identity/verify-email";
	}

	@PostMapping("/verify-email")
	String verify(@RequestParam(defaultValue = "") String token, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		try {
			this.accounts.verifyEmail(token, RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("token", token);
			return "identity/verify-email";
		}
		redirect.addFlashAttribute("notice", "Your email address is verified: log in to start.");
		return "redirect:/login";
	}

	@GetMapping("/resend-verification")
	String resendForm(Model model) {
		model.addAttribute("form", new EmailForm(null));
		return "identity/resend-verification";
	}

	@PostMapping("/resend-verification")
	String resend(@ModelAttribute("form") EmailForm form, Model model, HttpServletRequest request) {
		try {
			this.accounts.resendVerification(text(form.email()), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			return "identity/resend-verification";
		}
		// the same answer whether or not the address has an unverified account
		model.addAttribute("email", text(form.email()).trim());
		return "identity/check-email";
	}

	// login
	// ----------------------------------------------------------------------------------

	@GetMapping("/login")
	String loginForm(Model model, @RequestParam(required = false) @Nullable String ended,
			@RequestParam(required = false) @Nullable String next) {
		if (CurrentUser.find().isPresent()) {
			return "redirect:/app";
		}
		if (ended != null) {
			model.addAttribute("notice", "Your session has ended: log in again.");
		}
		model.addAttribute("form", new LoginForm(null, null, null));
		model.addAttribute("next", safeNext(next));
		return "identity/login";
	}

	@PostMapping("/login")
	String login(@ModelAttribute("form") LoginForm form, @RequestParam(required = false) @Nullable String next,
			Model model, HttpServletRequest request, HttpServletResponse response) {
		String target = safeNext(next);
		LoginOutcome outcome;
		try {
			outcome = this.accounts.login(text(form.email()), text(form.password()),
					Boolean.TRUE.equals(form.rememberMe()), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("unverified", error.getMessage().startsWith("Verify your email"));
			model.addAttribute("form", new LoginForm(form.email(), null, form.rememberMe()));
			model.addAttribute("next", target);
			return "identity/login";
		}
		return switch (outcome) {
			case LoginOutcome.Complete complete -> {
				DashboardSignIn.signIn(complete.session().userId(), complete.session().sessionId(), request, response);
				yield "redirect:" + target;
			}
			case LoginOutcome.TwoFactorRequired challenge -> {
				HttpSession session = request.getSession(true);
				session.setAttribute(CHALLENGE, challenge.challengeToken());
				session.setAttribute(CHALLENGE + ".next", target);
				yield "redirect:/login/2fa";
			}
		};
	}

	@GetMapping("/login/2fa")
	String twoFactorForm(HttpServletRequest request) {
		return (challenge(request) != null) ? "identity/login-2fa" : "redirect:/login";
	}

	@PostMapping("/login/2fa")
	String twoFactor(@RequestParam(defaultValue = "") String code, Model model, HttpServletRequest request,
			HttpServletResponse response, RedirectAttributes redirect) {
		String challenge = challenge(request);
		if (challenge == null) {
			redirect.addFlashAttribute("notice", "The two-factor step has expired: log in again.");
			return "redirect:/login";
		}
		SignedIn signedIn;
		try {
			signedIn = this.accounts.completeTwoFactor(challenge, code, RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			return "identity/login-2fa";
		}
		HttpSession session = request.getSession();
		Object target = session.getAttribute(CHALLENGE + ".next");
		session.removeAttribute(CHALLENGE);
		session.removeAttribute(CHALLENGE + ".next");
		DashboardSignIn.signIn(signedIn.userId(), signedIn.sessionId(), request, response);
		return "redirect:" + ((target instanceof String path) ? path : "/app");
	}

	@PostMapping("/logout")
	String logout(HttpServletRequest request, RedirectAttributes redirect) {
		AuthenticatedUser caller = CurrentUser.find().orElse(null);
		if (caller != null) {
			try {
				this.accounts.logout(caller, false, RequestOrigin.of(request));
			}
			catch (ApiError error) {
				// the session was already ended elsewhere: signing out here is all that
				// is
				// left
			}
		}
		DashboardSignIn.signOut(request);
		return "redirect:/login?loggedOut";
	}

	// passwords
	// ------------------------------------------------------------------------------

	@GetMapping("/forgot-password")
	String forgotForm(Model model) {
		model.addAttribute("form", new EmailForm(null));
		return "identity/forgot-password";
	}

	@PostMapping("/forgot-password")
	String forgot(@ModelAttribute("form") EmailForm form, Model model, HttpServletRequest request) {
		try {
			this.accounts.forgotPassword(text(form.email()), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			return "identity/forgot-password";
		}
		model.addAttribute("sent", true);
		return "identity/forgot-password";
	}

	@GetMapping("/reset-password")
	String resetForm(@RequestParam(defaultValue = "") String token, Model model) {
		model.addAttribute("form", new ResetForm(token, null));
		return "identity/reset-password";
	}

	@PostMapping("/reset-password")
	String reset(@ModelAttribute("form") ResetForm form, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		try {
			this.accounts.resetPassword(text(form.token()), text(form.password()), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("form", new ResetForm(form.token(), null));
			return "identity/reset-password";
		}
		DashboardSignIn.signOut(request);
		redirect.addFlashAttribute("notice", "Your password is changed and every device was signed out: log in.");
		return "redirect:/login";
	}

	// helpers
	// --------------------------------------------------------------------------------

	private static @Nullable String challenge(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null && session.getAttribute(CHALLENGE) instanceof String token) ? token : null;
	}

	/** Only a path of this site: never an open redirect to another one. */
	static String safeNext(@Nullable String next) {
		if (next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
				&& !next.contains("\r") && !next.contains("\n")) {
			return next;
		}
		return "/app";
	}

	static String text(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
