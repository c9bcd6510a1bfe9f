package dev.herald;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Production mode: starts with the secrets given, keeps metrics behind the metrics token,
 * and allows cross-origin calls from FRONTEND_URL only.
 */
@SpringBootTest(properties = { "herald.environment=production", "herald.database.embedded-port=0",
		"herald.secrets.jwt-signing-key=a-production-signing-key-that-is-long-enough",
		"herald.identity.metrics-token=scrape-me", "herald.frontend-url=https://app.example.com" })
@AutoConfigureMockMvc
class ProductionModeIntegrationTests {

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) throws Exception {
		Path data = Files.createTempDirectory("herald-prod-",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		registry.add("herald.data-dir", data::toString);
		registry.add("herald.secrets.encryption-keyset", ProductionModeIntegrationTests::keyset);
	}

	@Autowired
	MockMvc mvc;

	@Test
	void keepsMetricsBehindTheMetricsToken() throws Exception {
		this.mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
		this.mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer wrong"))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer scrape-me"))
			.andExpect(status().isOk());
		this.mvc.perform(get("/health/ready")).andExpect(status().isOk());
	}

	@Test
	void allowsCrossOriginCallsFromTheFrontEndOnly() throws Exception {
		this.mvc
			.perform(options("/api/v1/brands").header("Origin", "https://app.example.com")
				.header("Access-Control-Request-Method", "POST")
				.header("Access-Control-Request-Headers", "Authorization, Idempotency-Key"))
			.andExpect(status().isOk())
			.andExpect(header().string("Access-Control-Allow-Origin", "https://app.example.com"));
		this.mvc
			.perform(options("/api/v1/brands").header("Origin", "https://evil.example.com")
				.header("Access-Control-Request-Method", "POST"))
			.andExpect(status().isForbidden())
			.andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
	}

	private static String keyset() {
		try {
			com.google.crypto.tink.aead.AeadConfig.register();
			return com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(
					com.google.crypto.tink.KeysetHandle
						.generateNew(com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM),
					com.google.crypto.tink.InsecureSecretKeyAccess.get());
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
