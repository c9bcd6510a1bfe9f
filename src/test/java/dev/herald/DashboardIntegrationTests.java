package dev.herald;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The dashboard's rules that a browser test would not notice: links opened by mail
 * scanners use nothing up, redirects stay on this site, logging out ends the Herald
 * session, CSRF and the content security policy hold, and the assets are served.
 */
class DashboardIntegrationTests extends IntegrationTestSupport {

	@Test
	void openingTheVerificationLinkDoesNotUseItUp() throws Exception {
		String email = uniqueEmail("scan");
		this.mvc
			.perform(json(post("/api/v1/auth/register"), Map.of("email", email, "password", PASSWORD, "name", "Scan")))
			.andExpect(status().isCreated());
		String token = linkToken(email, "/verify-email?token=");
		// a mail scanner (or a preview) opens the link: only a button is shown
		this.mvc.perform(from(get("/verify-email").param("token", token)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Verify my email")));
		this.mvc.perform(from(post("/verify-email").param("token", token)).with(csrf()))
			.andExpect(redirectedUrl("/login"));
		// and it is used up by the button
		this.mvc.perform(from(post("/verify-email").param("token", token)).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("invalid, used or expired")));
	}

	@Test
	void refusesFormsWithoutTheCsrfToken() throws Exception {
		this.mvc.perform(from(post("/login").param("email", "a@example.test").param("password", PASSWORD)))
			.andExpect(status().isForbidden());
	}

	@Test
	void redirectsAfterLoginOnlyWithinHerald() throws Exception {
		Session user = signUp("Dana");
		this.mvc
			.perform(from(post("/login").param("email", user.email())
				.param("password", PASSWORD)
				.param("next", "https://evil.example/steal")).with(csrf()))
			.andExpect(redirectedUrl("/app"));
		this.mvc.perform(from(
				post("/login").param("email", user.email()).param("password", PASSWORD).param("next", "//evil.example"))
			.with(csrf())).andExpect(redirectedUrl("/app"));
	}

	@Test
	void showsAWrongPasswordWithoutSayingWhichPartWasWrong() throws Exception {
		Session user = signUp("Eve");
		this.mvc
			.perform(
					from(post("/login").param("email", user.email()).param("password", "wrong password!")).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Email or password is incorrect")));
	}

	@Test
	void loggingOutEndsTheSessionAndChangesTheSessionIdAtLogin() throws Exception {
		Session user = signUp("Finn");
		MockHttpSession session = new MockHttpSession();
		String before = session.getId();
		MvcResult login = this.mvc
			.perform(from(post("/login").param("email", user.email()).param("password", PASSWORD)).session(session)
				.with(csrf()))
			.andExpect(redirectedUrl("/app"))
			.andReturn();
		assertThat(login.getRequest().getSession().getId()).isNotEqualTo(before);
		this.mvc.perform(from(get("/app")).session(session)).andExpect(status().isOk());
		this.mvc.perform(from(post("/logout")).session(session).with(csrf()))
			.andExpect(redirectedUrl("/login?loggedOut"));
		this.mvc.perform(from(get("/app")).session(session)).andExpect(redirectedUrl("/login"));
	}

	@Test
	void sendsSignedOutVisitorsToTheLoginPage() throws Exception {
		this.mvc.perform(from(get("/app/brands"))).andExpect(redirectedUrl("/login"));
		this.mvc.perform(from(get("/"))).andExpect(status().isOk());
	}

	@Test
	void servesPagesWithAStrictContentSecurityPolicyAndTheirAssets() throws Exception {
		this.mvc.perform(from(get("/login")))
			.andExpect(header().string("Content-Security-Policy",
					org.hamcrest.Matchers.containsString("script-src 'self';")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("name=\"_csrf\"")));
		this.mvc.perform(from(get("/webjars/htmx.org/dist/htmx.min.js"))).andExpect(status().isOk());
		this.mvc.perform(from(get("/js/herald.js"))).andExpect(status().isOk());
		this.mvc.perform(from(get("/css/herald.css"))).andExpect(status().isOk());
	}

	@Test
	void refusesWhatTheRoleCannotDoEvenWhenThePageDoesNotOfferIt() throws Exception {
		Session owner = signUp("Jo");
		UUID workspace = createWorkspace(owner, "Jo Studio");
		Session viewer = signUp("Kim");
		this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/workspaces/" + workspace + "/members"),
					Map.of("email", viewer.email(), "role", "VIEWER")))
			.andExpect(status().isCreated());
		this.mvc
			.perform(as(viewer.accessToken(),
					post("/api/v1/invitations/" + linkToken(viewer.email(), "/invitations/") + "/accept")))
			.andExpect(status().isOk());
		MockHttpSession session = dashboardSession(viewer);

		this.mvc.perform(from(get("/app/brands")).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("New brand"))));
		this.mvc.perform(from(post("/app/brands/new").param("name", "Sneaky")).session(session).with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(from(post("/app/members/invite").param("email", uniqueEmail("x")).param("role", "VIEWER"))
				.session(session)
				.with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc.perform(as(owner.accessToken(), get("/api/v1/brands")))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Sneaky"))));
	}

	@Test
	void devMailboxSaysThatMailIsDeliveredWhenSmtpIsConfigured() throws Exception {
		this.mvc.perform(from(get("/dev/mailbox")))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("SMTP is configured")));
	}

}
