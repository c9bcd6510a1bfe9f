package dev.herald.identity;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * Binds a Herald session to the browser's HTTP session, for the dashboard pages that sign
 * someone in (login, two-factor step, accepting an invitation as a new user).
 */
public final class DashboardSignIn {

	private static final SecurityContextRepository REPOSITORY = new HttpSessionSecurityContextRepository();

	private static final CsrfTokenRepository CSRF_TOKENS = new HttpSessionCsrfTokenRepository();

	private DashboardSignIn() {
	}

	/**
	 * Signs the browser in as the session's user. The HTTP session id changes, so that an
	 * id planted before the login (session fixation) is worth nothing after it; the CSRF
	 * token is renewed on the next page for the same reason.
	 */
	public static void signIn(UUID userId, UUID sessionId, HttpServletRequest request, HttpServletResponse response) {
		request.getSession(true);
		request.changeSessionId();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new HeraldAuthentication(new AuthenticatedUser(userId, sessionId, null)));
		SecurityContextHolder.setContext(context);
		REPOSITORY.saveContext(context, request, response);
		CSRF_TOKENS.saveToken(null, request, response);
	}

	/** Signs the browser out: forgets the security context and ends the HTTP session. */
	public static void signOut(HttpServletRequest request) {
		SecurityContextHolder.clearContext();
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
	}

}
