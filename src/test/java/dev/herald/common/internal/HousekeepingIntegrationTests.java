package dev.herald.common.internal;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class HousekeepingIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Housekeeping housekeeping;

	@Autowired
	JdbcClient jdbc;

	@Test
	void forgetsIdempotencyKeysAfterADay() throws Exception {
		Session user = signUp("Keeper");
		createWorkspace(user, "Keys kept");
		String key = UUID.randomUUID().toString();
		this.mvc.perform(
				as(user.accessToken(), post("/api/v1/brands"), Map.of("name", "Once")).header("Idempotency-Key", key))
			.andExpect(status().isCreated());
		this.housekeeping.forgetExpiredIdempotencyKeys();
		this.mvc.perform(
				as(user.accessToken(), post("/api/v1/brands"), Map.of("name", "Once")).header("Idempotency-Key", key))
			.andExpect(header().string("Idempotent-Replayed", "true"));
		assertThat(kept(key)).isEqualTo(1);
		this.clock.advance(Duration.ofHours(25));
		this.housekeeping.forgetExpiredIdempotencyKeys();
		assertThat(kept(key)).isZero();
	}

	private int kept(String key) {
		return this.jdbc.sql("SELECT count(*) FROM idempotency_records WHERE idem_key = ?")
			.param(key)
			.query(Integer.class)
			.single();
	}

}
