package dev.herald.identity.web;

import java.net.URI;

import dev.herald.common.ApiError;
import dev.herald.common.RequestOrigin;
import dev.herald.common.SecretTokens;
import dev.herald.identity.DashboardSignIn;
import dev.herald.identity.internal.LoginOutcome;
import dev.herald.identity.internal.SocialLogins;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /login/oauth/{provider}}: sign-in with Google or GitHub for the dashboard. The
 * state is also bound to the browser's session, so that a callback started in another
 * browser (a login CSRF) is refused; success signs the browser in with a new session id
 * and goes to {@code /app}, failure goes back to {@code /login?oauthError=...}.
 */
@Controller
class SocialLoginPages {

	/** The session attribute holding the digest of the state of the sign-in in flight. */
	static final String STATE = SocialLoginPages.class.getName() + ".state";

	private final SocialLogins logins;

	SocialLoginPages(SocialLogins logins) {
		this.logins = logins;
	}

	@GetMapping("/login/oauth/{provider}")
	ResponseEntity<Void> start(@PathVariable String provider, HttpServletRequest request) {
		try {
			SocialLogins.Started started = this.logins.start(provider, SocialLogins.Flow.DASHBOARD,
					RequestOrigin.of(request));
			request.getSession().setAttribute(STATE, SecretTokens.hash(started.state()));
			return redirect(started.redirect());
		}
		catch (ApiError ex) {
			return failed(ex);
		}
	}

	@GetMapping("/login/oauth/{provider}/callback")
	ResponseEntity<Void> callback(@PathVariable String provider, @RequestParam(required = false) @Nullable String code,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String error, HttpServletRequest request,
			HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		Object expected = (session != null) ? session.getAttribute(STATE) : null;
		if (session != null) {
			session.removeAttribute(STATE);
		}
		try {
			if (state == null || !(expected instanceof String digest) || !SecretTokens.matches(state, digest)) {
				throw ApiError.unauthorized("This sign-in was started in another browser, or has expired: start it "
						+ "again from this page");
			}
			LoginOutcome outcome = this.logins.finish(provider, SocialLogins.Flow.DASHBOARD, code, state, error,
					RequestOrigin.of(request));
			return switch (outcome) {
				case LoginOutcome.Complete complete -> {
					DashboardSignIn.signIn(complete.session().userId(), complete.session().sessionId(), request,
							response);
					yield redirect(URI.create("/app"));
				}
				case LoginOutcome.TwoFactorRequired challenge -> {
					request.getSession().setAttribute(AuthPages.CHALLENGE, challenge.challengeToken());
					yield redirect(URI.create("/login/2fa"));
				}
			};
		}
		catch (ApiError ex) {
			return failed(ex);
		}
	}

	private static ResponseEntity<Void> failed(ApiError error) {
		String message = error.details().isEmpty() ? error.getMessage()
				: "The provider's answer was incomplete: start the sign-in again";
		return redirect(
				UriComponentsBuilder.fromPath("/login").queryParam("oauthError", message).encode().build().toUri());
	}

	private static ResponseEntity<Void> redirect(URI location) {
		return ResponseEntity.status(HttpStatus.FOUND).location(location).cacheControl(CacheControl.noStore()).build();
	}

}
