package dev.herald.identity;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Sign-up, login, tokens, sessions, passwords and throttling, through the API as a client
 * would.
 */
class AuthenticationIntegrationTests extends IntegrationTestSupport {

	@Test
	void refusesWeakPasswordsInvalidEmailsAndTakenAddresses() throws Exception {
		this.mvc
			.perform(json(post("/api/v1/auth/register"),
					Map.of("email", uniqueEmail("a"), "password", "password123", "name", "A")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("password"))
			.andExpect(jsonPath("$.error.details[0].message", containsString("common password")));
		this.mvc
			.perform(json(post("/api/v1/auth/register"),
					Map.of("email", uniqueEmail("a"), "password", "short", "name", "A")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].message").value("Must be at least 10 characters"));
		this.mvc
			.perform(json(post("/api/v1/auth/register"),
					Map.of("email", "not-an-email", "password", PASSWORD, "name", "A")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("email"));
		Session taken = signUp("Tara");
		this.mvc
			.perform(json(post("/api/v1/auth/register"),
					Map.of("email", taken.email().toUpperCase(), "password", PASSWORD, "name", "Tara again")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error.code").value("CONFLICT"));
	}

	@Test
	void verificationLinksWorkOnce() throws Exception {
		String email = uniqueEmail("vera");
		this.mvc
			.perform(json(post("/api/v1/auth/register"), Map.of("email", email, "password", PASSWORD, "name", "Vera")))
			.andExpect(status().isCreated());
		String token = linkToken(email, "/verify-email?token=");
		this.mvc.perform(json(post("/api/v1/auth/verify-email"), Map.of("token", token))).andExpect(status().isOk());
		this.mvc.perform(json(post("/api/v1/auth/verify-email"), Map.of("token", token)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("token"));
	}

	@Test
	void wrongPasswordIsUnauthorizedAndAudited() throws Exception {
		Session user = signUp("Wendy");
		this.mvc
			.perform(json(post("/api/v1/auth/login"), Map.of("email", user.email(), "password", "wrong password!!")))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error.message").value("Email or password is incorrect"));
		this.mvc.perform(json(post("/api/v1/auth/login"), Map.of("email", uniqueEmail("nobody"), "password", PASSWORD)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error.message").value("Email or password is incorrect"));
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode log = body(
					this.mvc.perform(as(user.accessToken(), get("/api/v1/users/me/security-log"))).andReturn());
			assertThat(log.get("data").findValuesAsString("action")).contains("user.login_failed", "user.login");
		});
	}

	@Test
	void locksAnAccountAfterRepeatedFailuresAndUnlocksWithTime() throws Exception {
		Session user = signUp("Lara");
		for (int i = 0; i < 5; i++) {
			this.mvc
				.perform(json(post("/api/v1/auth/login"),
						Map.of("email", user.email(), "password", "wrong password " + i)))
				.andExpect(status().isUnauthorized());
		}
		this.mvc.perform(json(post("/api/v1/auth/login"), Map.of("email", user.email(), "password", PASSWORD)))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().exists("Retry-After"))
			.andExpect(jsonPath("$.error.code").value("RATE_LIMIT_EXCEEDED"));
		this.clock.advance(Duration.ofMinutes(2));
		login(user.email(), PASSWORD);
	}

	@Test
	void throttlesAnAddressThatKeepsFailing() throws Exception {
		for (int i = 0; i < 20; i++) {
			this.mvc
				.perform(json(post("/api/v1/auth/login"), Map.of("email", uniqueEmail("x"), "password", "guess " + i)))
				.andExpect(status().isUnauthorized());
		}
		this.mvc.perform(json(post("/api/v1/auth/login"), Map.of("email", uniqueEmail("x"), "password", "guess")))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().exists("Retry-After"));
	}

	@Test
	void rotatesRefreshTokensAndEndsTheSessionWhenOneIsReused() throws Exception {
		Session user = signUp("Rita");
		MvcResult refreshed = this.mvc
			.perform(json(post("/api/v1/auth/refresh"), Map.of("refreshToken", user.refreshToken())))
			.andExpect(status().isOk())
			.andReturn();
		String next = body(refreshed).get("data").get("refreshToken").asString();
		assertThat(next).isNotEqualTo(user.refreshToken());
		this.mvc.perform(json(post("/api/v1/auth/refresh"), Map.of("refreshToken", user.refreshToken())))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error.message", containsString("already used")));
		this.mvc.perform(json(post("/api/v1/auth/refresh"), Map.of("refreshToken", next)))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(as(user.accessToken(), get("/api/v1/users/me"))).andExpect(status().isUnauthorized());
	}

	@Test
	void accessTokensExpireAfterFifteenMinutes() throws Exception {
		Session user = signUp("Eve");
		this.mvc.perform(as(user.accessToken(), get("/api/v1/users/me"))).andExpect(status().isOk());
		this.clock.advance(Duration.ofMinutes(16));
		this.mvc.perform(as(user.accessToken(), get("/api/v1/users/me")))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error.message", containsString("refresh")));
		this.mvc.perform(json(post("/api/v1/auth/refresh"), Map.of("refreshToken", user.refreshToken())))
			.andExpect(status().isOk());
	}

	@Test
	void logsOutThisDeviceOrAll() throws Exception {
		Session phone = signUp("Lou");
		Session laptop = login(phone.email(), PASSWORD);
		this.mvc.perform(as(phone.accessToken(), post("/api/v1/auth/logout"))).andExpect(status().isNoContent());
		this.mvc.perform(as(phone.accessToken(), get("/api/v1/users/me"))).andExpect(status().isUnauthorized());
		this.mvc.perform(as(laptop.accessToken(), get("/api/v1/users/me"))).andExpect(status().isOk());
		Session tablet = login(phone.email(), PASSWORD);
		this.mvc.perform(as(laptop.accessToken(), post("/api/v1/auth/logout"), Map.of("allDevices", true)))
			.andExpect(status().isNoContent());
		this.mvc.perform(as(tablet.accessToken(), get("/api/v1/users/me"))).andExpect(status().isUnauthorized());
		this.mvc.perform(json(post("/api/v1/auth/refresh"), Map.of("refreshToken", tablet.refreshToken())))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void listsAndRevokesSessions() throws Exception {
		Session first = signUp("Sam");
		Session second = login(first.email(), PASSWORD);
		JsonNode sessions = body(
				this.mvc.perform(as(first.accessToken(), get("/api/v1/users/me/sessions"))).andReturn())
			.get("data");
		assertThat(sessions).hasSize(2);
		String other = null;
		for (JsonNode session : sessions) {
			if (!session.get("current").asBoolean()) {
				other = session.get("id").asString();
			}
		}
		this.mvc.perform(as(first.accessToken(), delete("/api/v1/users/me/sessions/" + other)))
			.andExpect(status().isNoContent());
		this.mvc.perform(as(second.accessToken(), get("/api/v1/users/me"))).andExpect(status().isUnauthorized());
		this.mvc.perform(as(first.accessToken(), delete("/api/v1/users/me/sessions/" + UUID.randomUUID())))
			.andExpect(status().isNotFound());
		Session stranger = signUp("Stranger");
		this.mvc
			.perform(as(stranger.accessToken(),
					delete("/api/v1/users/me/sessions/" + sessions.get(0).get("id").asString())))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/api/v1/users/me/sessions")).andExpect(status().isUnauthorized());
	}

	@Test
	void resetsAForgottenPasswordOnceWithinTheHour() throws Exception {
		Session user = signUp("Fred");
		this.mvc.perform(json(post("/api/v1/auth/forgot-password"), Map.of("email", user.email())))
			.andExpect(status().isAccepted());
		this.mvc.perform(json(post("/api/v1/auth/forgot-password"), Map.of("email", uniqueEmail("ghost"))))
			.andExpect(status().isAccepted());
		String token = linkToken(user.email(), "/reset-password?token=");
		String newPassword = "another quite long passphrase";
		this.mvc.perform(json(post("/api/v1/auth/reset-password"), Map.of("token", token, "password", "password1")))
			.andExpect(status().isUnprocessableContent());
		this.mvc.perform(json(post("/api/v1/auth/reset-password"), Map.of("token", token, "password", newPassword)))
			.andExpect(status().isOk());
		this.mvc.perform(json(post("/api/v1/auth/reset-password"), Map.of("token", token, "password", newPassword)))
			.andExpect(status().isUnprocessableContent());
		this.mvc.perform(as(user.accessToken(), get("/api/v1/users/me"))).andExpect(status().isUnauthorized());
		login(user.email(), newPassword);
	}

	@Test
	void resetLinksExpireAfterAnHour() throws Exception {
		Session user = signUp("Hank");
		this.mvc.perform(json(post("/api/v1/auth/forgot-password"), Map.of("email", user.email())))
			.andExpect(status().isAccepted());
		String token = linkToken(user.email(), "/reset-password?token=");
		this.clock.advance(Duration.ofMinutes(61));
		this.mvc
			.perform(json(post("/api/v1/auth/reset-password"),
					Map.of("token", token, "password", "another quite long passphrase")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].message", containsString("expired")));
	}

	@Test
	void changesThePasswordAndEndsOtherSessions() throws Exception {
		Session here = signUp("Cleo");
		Session elsewhere = login(here.email(), PASSWORD);
		this.mvc
			.perform(as(here.accessToken(), put("/api/v1/users/me/password"),
					Map.of("currentPassword", "not my password", "newPassword", "a brand new passphrase")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("currentPassword"));
		this.mvc
			.perform(as(here.accessToken(), put("/api/v1/users/me/password"),
					Map.of("currentPassword", PASSWORD, "newPassword", "a brand new passphrase")))
			.andExpect(status().isNoContent());
		this.mvc.perform(as(here.accessToken(), get("/api/v1/users/me"))).andExpect(status().isOk());
		this.mvc.perform(as(elsewhere.accessToken(), get("/api/v1/users/me"))).andExpect(status().isUnauthorized());
	}

	@Test
	void updatesTheProfileAndValidatesIt() throws Exception {
		Session user = signUp("Pia");
		this.mvc
			.perform(as(user.accessToken(), patch("/api/v1/users/me"),
					Map.of("name", "Pia P.", "timezone", "Europe/Paris")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.name").value("Pia P."))
			.andExpect(jsonPath("$.data.timezone").value("Europe/Paris"));
		this.mvc.perform(as(user.accessToken(), patch("/api/v1/users/me"), Map.of("timezone", "Mars/Olympus")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("timezone"));
		this.mvc.perform(json(patch("/api/v1/users/me"), Map.of("name", "x"))).andExpect(status().isUnauthorized());
	}

	@Test
	void deletesAnAccountUnlessItOwnsAWorkspace() throws Exception {
		Session owner = signUp("Oscar");
		createWorkspace(owner, "Oscar's");
		this.mvc.perform(as(owner.accessToken(), delete("/api/v1/users/me"), Map.of("password", PASSWORD)))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error.message", containsString("Oscar's")));
		Session leaver = signUp("Lea");
		this.mvc.perform(as(leaver.accessToken(), delete("/api/v1/users/me"), Map.of("password", "wrong one")))
			.andExpect(status().isUnprocessableContent());
		this.mvc.perform(as(leaver.accessToken(), delete("/api/v1/users/me"), Map.of("password", PASSWORD)))
			.andExpect(status().isNoContent());
		this.mvc.perform(json(post("/api/v1/auth/login"), Map.of("email", leaver.email(), "password", PASSWORD)))
			.andExpect(status().isUnauthorized());
	}

}
