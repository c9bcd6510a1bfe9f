package dev.herald.common;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SecretsTests {

	@TempDir
	Path data;

	@Test
	void productionRefusesToStartWithoutSigningKeyAndNamesIt() {
		HeraldSettings settings = settings("production", null, null);
		assertThatExceptionOfType(MissingSecret.class).isThrownBy(() -> new Secrets(settings))
			.withMessageContaining("SECRET_KEY (or JWT_SECRET) is not set")
			.satisfies((ex) -> assertThat(ex.variable()).isEqualTo("SECRET_KEY (or JWT_SECRET)"));
	}

	@Test
	void productionRefusesToStartWithoutEncryptionKeyAndNamesIt() {
		HeraldSettings settings = settings("production", "a-production-signing-key-of-forty-characters", null);
		assertThatExceptionOfType(MissingSecret.class).isThrownBy(() -> new Secrets(settings))
			.satisfies((ex) -> assertThat(ex.variable()).isEqualTo("ENCRYPTION_KEY"));
	}

	@Test
	void localModeGeneratesSecretsOnceAndKeepsThem() throws Exception {
		Secrets first = new Secrets(settings("local", null, null));
		Secrets second = new Secrets(settings("local", null, null));
		assertThat(second.jwtSigningKey()).isEqualTo(first.jwtSigningKey()).hasSizeGreaterThanOrEqualTo(32);
		assertThat(second.encryptionKeyset()).isEqualTo(first.encryptionKeyset()).startsWith("{");
		assertThat(Files.getPosixFilePermissions(this.data.resolve("secrets/jwt-signing-key"))).hasSize(2)
			.allMatch((p) -> p.name().startsWith("OWNER"));
	}

	@Test
	void encryptsBoundToItsPlace() {
		Encryptor encryptor = new Encryptor(new Secrets(settings("local", null, null)));
		String sealed = encryptor.encrypt("totp-secret", "users.totp_secret:1");
		assertThat(sealed).doesNotContain("totp-secret");
		assertThat(encryptor.decrypt(sealed, "users.totp_secret:1")).isEqualTo("totp-secret");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> encryptor.decrypt(sealed, "users.totp_secret:2"));
	}

	private HeraldSettings settings(String environment, String signingKey, String keyset) {
		return new HeraldSettings(this.data, environment, URI.create("http://localhost:8080"), null,
				new HeraldSettings.SecretsSettings(signingKey, keyset));
	}

}
