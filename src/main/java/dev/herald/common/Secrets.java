package dev.herald.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Herald's own secrets: taken from the environment; in local mode generated once and kept
 * under the data directory when the environment gives none; in production mode required.
 */
public class Secrets {

	private static final Logger log = LoggerFactory.getLogger(Secrets.class);

	private final String jwtSigningKey;

	private final String encryptionKeyset;

	public Secrets(HeraldSettings settings) {
		HeraldSettings.SecretsSettings given = settings.secrets();
		this.jwtSigningKey = resolve(settings, given.jwtSigningKey(), "SECRET_KEY (or JWT_SECRET)", "jwt-signing-key",
				Secrets::randomKey,
				"Set it to a random string of at least 32 characters, for example the output of `openssl rand -base64 48`.");
		if (this.jwtSigningKey.length() < 32) {
			throw new IllegalStateException(
					"SECRET_KEY (or JWT_SECRET) is shorter than 32 characters: use a random string of at least 32.");
		}
		this.encryptionKeyset = decodeKeyset(resolve(settings, given.encryptionKeyset(), "ENCRYPTION_KEY",
				"encryption-keyset.json", Secrets::newKeyset,
				"Set it to a Tink AES-256-GCM keyset in JSON (Herald writes one to data/secrets/encryption-keyset.json in local mode)."));
	}

	/** The key that signs access tokens (HMAC-SHA256). */
	public String jwtSigningKey() {
		return this.jwtSigningKey;
	}

	/** The Tink keyset, in JSON, that encrypts secrets at rest. */
	public String encryptionKeyset() {
		return this.encryptionKeyset;
	}

	private static String resolve(HeraldSettings settings, @Nullable String given, String variable, String fileName,
			Supplier<String> generator, String howToSet) {
		if (given != null && !given.isBlank()) {
			return given.trim();
		}
		if (settings.production()) {
			throw new MissingSecret(variable, howToSet);
		}
		Path file = settings.dataDir().resolve("secrets").resolve(fileName);
		try {
			if (Files.exists(file)) {
				return Files.readString(file, StandardCharsets.UTF_8).trim();
			}
			Files.createDirectories(file.getParent());
			Files.writeString(file, generator.get(), StandardCharsets.UTF_8);
			trySetOwnerOnly(file);
			log.warn("Local mode: generated a development secret for {} at {}. Set {} in production.", variable,
					file.toAbsolutePath(), variable);
			return Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot keep the development secret " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static void trySetOwnerOnly(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
	}

	private static String decodeKeyset(String value) {
		if (value.startsWith("{")) {
			return value;
		}
		try {
			return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("ENCRYPTION_KEY is neither a Tink keyset in JSON nor that JSON in base64.");
		}
	}

	private static String randomKey() {
		byte[] bytes = new byte[48];
		new SecureRandom().nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static String newKeyset() {
		try {
			AeadConfig.register();
			KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
			return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate an encryption keyset", ex);
		}
	}

}
