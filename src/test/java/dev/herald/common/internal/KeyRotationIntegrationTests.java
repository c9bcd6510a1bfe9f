package dev.herald.common.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import dev.herald.common.Encryptor;
import dev.herald.common.SealedSecrets;
import dev.herald.common.Secrets;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Key rotation: a new primary key is added to the keyset, and re-sealing makes every
 * stored secret readable by the new key alone, so that the old one can be dropped.
 */
class KeyRotationIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Secrets secrets;

	@Autowired
	List<SealedSecrets> sealed;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void resealsEverySecretWithTheNewPrimaryKey() throws Exception {
		Session owner = signUp("Rita");
		createWorkspace(owner, "Rotation");
		String brand = body(
				this.mvc.perform(as(owner.accessToken(), post("/api/v1/brands"), Map.of("name", "R"))).andReturn())
			.get("data")
			.get("id")
			.asString();
		String channel = body(this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/brands/" + brand + "/channels/connect/webhook"),
					Map.of("url", "http://127.0.0.1:9/rotation", "secret", "a-receiver-secret-of-some-length")))
			.andReturn()).get("data").get("channel").get("id").asString();

		String rotated = TestKeysets.withNewPrimary(this.secrets.encryptionKeyset());
		Encryptor newKeyOnly = new Encryptor(TestKeysets.onlyPrimary(rotated));
		String place = "channels:access_token:" + channel;
		assertThatIllegalStateException().isThrownBy(() -> newKeyOnly.decrypt(sealedToken(channel), place));

		Encryptor encryptor = new Encryptor(rotated);
		this.transactions.executeWithoutResult((tx) -> this.sealed.forEach((s) -> s.reseal(encryptor)));

		assertThat(newKeyOnly.decrypt(sealedToken(channel), place)).isEqualTo("a-receiver-secret-of-some-length");
	}

	private String sealedToken(String channel) {
		return this.jdbc.sql("SELECT access_token FROM channels WHERE id = ?")
			.param(UUID.fromString(channel))
			.query(String.class)
			.single();
	}

}
