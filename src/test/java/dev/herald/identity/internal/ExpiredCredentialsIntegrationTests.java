package dev.herald.identity.internal;

import java.time.Duration;
import java.util.Map;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ExpiredCredentialsIntegrationTests extends IntegrationTestSupport {

	@Autowired
	ExpiredCredentials expired;

	@Autowired
	JdbcClient jdbc;

	@Test
	void deletesEndedSessionsAWeekLaterAndKeepsLiveOnes() throws Exception {
		Session ended = signUp("Ended");
		this.mvc.perform(as(ended.accessToken(), post("/api/v1/auth/logout"))).andExpect(status().isNoContent());
		this.mvc.perform(json(post("/api/v1/auth/forgot-password"), Map.of("email", ended.email())))
			.andExpect(status().isAccepted());
		this.clock.advance(Duration.ofDays(6));
		Session live = login(ended.email(), PASSWORD);
		this.expired.deleteExpired();
		assertThat(sessionsOf(ended)).isEqualTo(2);

		this.clock.advance(Duration.ofDays(2));
		this.expired.deleteExpired();
		assertThat(sessionsOf(ended)).as("the ended session goes, the one of two days ago stays").isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM one_time_tokens WHERE user_id = ?")
			.param(ended.userId())
			.query(Integer.class)
			.single()).isZero();
		this.mvc.perform(json(post("/api/v1/auth/refresh"), Map.of("refreshToken", live.refreshToken())))
			.andExpect(status().isOk());
	}

	private int sessionsOf(Session user) {
		return this.jdbc.sql("SELECT count(*) FROM sessions WHERE user_id = ?")
			.param(user.userId())
			.query(Integer.class)
			.single();
	}

}
