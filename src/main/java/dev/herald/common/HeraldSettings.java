package dev.herald.common;

import java.net.URI;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every module shares: where data lives, which mode Herald runs in, and where it
 * is reached. Mapped from {@code HERALD_DATA_DIR}, {@code ENVIRONMENT},
 * {@code API_BASE_URL} and {@code FRONTEND_URL}.
 *
 * @param dataDir the data directory (embedded database, generated secrets, local media)
 * @param environment {@code local} (default) or {@code production}
 * @param apiBaseUrl the address users reach Herald at, used in links sent by email
 * @param frontendUrl the origin of a separate front end allowed by CORS, if any
 * @param secrets secrets given by the environment
 */
@ConfigurationProperties("herald")
public record HeraldSettings(@DefaultValue("./data") Path dataDir, @DefaultValue("local") String environment,
		@DefaultValue("http://localhost:8080") URI apiBaseUrl, @Nullable String frontendUrl,
		@DefaultValue SecretsSettings secrets) {

	public boolean production() {
		return "production".equalsIgnoreCase(this.environment) || "prod".equalsIgnoreCase(this.environment);
	}

	/** The base URL without a trailing slash, for building links. */
	public String baseUrl() {
		String url = this.apiBaseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/**
	 * Secrets given by the environment; blank means not given.
	 *
	 * @param jwtSigningKey {@code JWT_SECRET} or {@code SECRET_KEY}
	 * @param encryptionKeyset {@code ENCRYPTION_KEY}: a Tink keyset in JSON, or that JSON
	 * in base64
	 */
	public record SecretsSettings(@Nullable String jwtSigningKey, @Nullable String encryptionKeyset) {
	}

}
