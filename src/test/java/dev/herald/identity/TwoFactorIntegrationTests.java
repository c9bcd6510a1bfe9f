package dev.herald.identity;

import java.time.Duration;
import java.util.Map;

import dev.herald.IntegrationTestSupport;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * TOTP two-factor authentication: set-up, the second login step, recovery codes, replays.
 */
class TwoFactorIntegrationTests extends IntegrationTestSupport {

	@Test
	void asksForTheCodeAsASecondLoginStep() throws Exception {
		Session user = signUp("Tom");
		String secret = enable(user);

		JsonNode challenge = passwordStep(user.email());
		assertThat(challenge.get("twoFactorRequired").asBoolean()).isTrue();
		assertThat(challenge.get("tokens").isNull()).isTrue();
		String challengeToken = challenge.get("challengeToken").asString();

		this.mvc
			.perform(json(post("/api/v1/auth/login/2fa"), Map.of("challengeToken", challengeToken, "code", "000000")))
			.andExpect(status().isUnauthorized());
		this.clock.advance(Duration.ofSeconds(31));
		this.mvc
			.perform(json(post("/api/v1/auth/login/2fa"),
					Map.of("challengeToken", challengeToken, "code", code(secret))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.tokens.accessToken").isNotEmpty())
			.andExpect(jsonPath("$.data.user.twoFactorEnabled").value(true));
	}

	@Test
	void refusesACodeUsedTwice() throws Exception {
		Session user = signUp("Ray");
		String secret = enable(user);
		this.clock.advance(Duration.ofSeconds(31));
		String code = code(secret);
		String first = passwordStep(user.email()).get("challengeToken").asString();
		this.mvc.perform(json(post("/api/v1/auth/login/2fa"), Map.of("challengeToken", first, "code", code)))
			.andExpect(status().isOk());
		String second = passwordStep(user.email()).get("challengeToken").asString();
		this.mvc.perform(json(post("/api/v1/auth/login/2fa"), Map.of("challengeToken", second, "code", code)))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void refusesASecondSetupWhileOn() throws Exception {
		Session user = signUp("Rob");
		enable(user);
		this.mvc.perform(as(user.accessToken(), post("/api/v1/auth/2fa/setup")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error.code").value("CONFLICT"));
	}

	@Test
	void turnsTwoFactorOffWithPasswordAndCode() throws Exception {
		Session user = signUp("Dora");
		String secret = enable(user);
		this.clock.advance(Duration.ofSeconds(31));
		this.mvc
			.perform(as(user.accessToken(), post("/api/v1/auth/2fa/disable"),
					Map.of("password", "wrong", "code", code(secret))))
			.andExpect(status().isUnprocessableContent());
		this.mvc
			.perform(as(user.accessToken(), post("/api/v1/auth/2fa/disable"),
					Map.of("password", PASSWORD, "code", code(secret))))
			.andExpect(status().isNoContent());
		assertThat(passwordStep(user.email()).get("twoFactorRequired").asBoolean()).isFalse();
	}

	@Test
	void refusesToEnableWithAWrongCodeOrWithoutSetup() throws Exception {
		Session user = signUp("Ned");
		this.mvc.perform(as(user.accessToken(), post("/api/v1/auth/2fa/enable"), Map.of("code", "123456")))
			.andExpect(status().isConflict());
		this.mvc.perform(as(user.accessToken(), post("/api/v1/auth/2fa/setup")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.otpauthUri", startsWith("otpauth://totp/")))
			.andExpect(jsonPath("$.data.qrCodeDataUri", startsWith("data:image/png;base64,")));
		this.mvc.perform(as(user.accessToken(), post("/api/v1/auth/2fa/enable"), Map.of("code", "12345x")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("code"));
		this.mvc.perform(json(post("/api/v1/auth/2fa/setup"), Map.of())).andExpect(status().isUnauthorized());
	}

	@Test
	void recoveryCodesReplaceTheAppOnceEach() throws Exception {
		Session user = signUp("Rae");
		JsonNode setup = body(this.mvc.perform(as(user.accessToken(), post("/api/v1/auth/2fa/setup"))).andReturn());
		String secret = setup.get("data").get("secret").asString();
		JsonNode enabled = body(
				this.mvc.perform(as(user.accessToken(), post("/api/v1/auth/2fa/enable"), Map.of("code", code(secret))))
					.andExpect(status().isOk())
					.andReturn());
		JsonNode codes = enabled.get("data").get("recoveryCodes");
		assertThat(codes).hasSize(10);
		String recovery = codes.get(0).asString();
		String first = passwordStep(user.email()).get("challengeToken").asString();
		this.mvc.perform(json(post("/api/v1/auth/login/2fa"), Map.of("challengeToken", first, "code", recovery)))
			.andExpect(status().isOk());
		String second = passwordStep(user.email()).get("challengeToken").asString();
		this.mvc.perform(json(post("/api/v1/auth/login/2fa"), Map.of("challengeToken", second, "code", recovery)))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(as(user.accessToken(), get("/api/v1/users/me")))
			.andExpect(jsonPath("$.data.twoFactorEnabled").value(true));
	}

	private String enable(Session user) throws Exception {
		JsonNode setup = body(this.mvc.perform(as(user.accessToken(), post("/api/v1/auth/2fa/setup")))
			.andExpect(status().isOk())
			.andReturn());
		String secret = setup.get("data").get("secret").asString();
		this.mvc.perform(as(user.accessToken(), post("/api/v1/auth/2fa/enable"), Map.of("code", code(secret))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.recoveryCodes.length()").value(10));
		return secret;
	}

	private JsonNode passwordStep(String email) throws Exception {
		return body(this.mvc.perform(json(post("/api/v1/auth/login"), Map.of("email", email, "password", PASSWORD)))
			.andExpect(status().isOk())
			.andReturn()).get("data");
	}

	private String code(String secret) throws Exception {
		return new DefaultCodeGenerator().generate(secret, this.clock.instant().getEpochSecond() / 30);
	}

}
