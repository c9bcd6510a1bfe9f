package dev.herald.common.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.List;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.herald.common.Encryptor;
import dev.herald.common.HeraldSettings;
import dev.herald.common.SealedSecrets;
import dev.herald.common.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The key rotation commands, run as {@code ./herald rotate-key} and
 * {@code ./herald reseal-secrets} (Herald starts, does the command, and stops).
 * <ul>
 * <li>{@code rotate-key}: in local mode, adds a new primary key to the generated keyset
 * under the data directory (the old keys stay, to read what they sealed) and re-seals
 * every stored secret with it. With {@code ENCRYPTION_KEY} set, prints that keyset with a
 * new primary key to put in {@code ENCRYPTION_KEY}, then {@code reseal-secrets} once
 * Herald runs with it.</li>
 * <li>{@code reseal-secrets}: re-seals every stored secret with the current keyset's
 * primary key, after which older keys can be dropped from the keyset.</li>
 * </ul>
 */
@Component
class KeyRotation implements ApplicationRunner {

	static final String ROTATE = "rotate-key";

	static final String RESEAL = "reseal-secrets";

	private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

	private final String command;

	private final HeraldSettings settings;

	private final Secrets secrets;

	private final List<SealedSecrets> sealed;

	private final ConfigurableApplicationContext context;

	KeyRotation(@Value("${herald.command:}") String command, HeraldSettings settings, Secrets secrets,
			List<SealedSecrets> sealed, ConfigurableApplicationContext context) {
		this.command = command;
		this.settings = settings;
		this.secrets = secrets;
		this.sealed = sealed;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.command.isBlank()) {
			return;
		}
		int exit = switch (this.command) {
			case ROTATE -> rotate();
			case RESEAL -> reseal(this.secrets.encryptionKeyset());
			default -> {
				log.error("Unknown command '{}': use {} or {}", this.command, ROTATE, RESEAL);
				yield 2;
			}
		};
		System.exit(SpringApplication.exit(this.context, () -> exit));
	}

	private int rotate() {
		String rotated = withNewPrimary(this.secrets.encryptionKeyset());
		if (this.settings.secrets().encryptionKeyset() != null
				&& !this.settings.secrets().encryptionKeyset().isBlank()) {
			System.out.println(rotated);
			log.info("Above: ENCRYPTION_KEY with a new primary key. Set ENCRYPTION_KEY to it, restart Herald, "
					+ "then run `./herald {}` to re-seal every secret with the new key.", RESEAL);
			return 0;
		}
		Path file = this.settings.dataDir().resolve("secrets").resolve("encryption-keyset.json");
		try {
			Path next = file.resolveSibling(file.getFileName() + ".next");
			Files.writeString(next, rotated, StandardCharsets.UTF_8);
			Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the rotated keyset to " + file, ex);
		}
		log.info("Added a new primary key to {}", file.toAbsolutePath());
		return reseal(rotated);
	}

	private int reseal(String keyset) {
		Encryptor encryptor = new Encryptor(keyset);
		for (SealedSecrets secrets : this.sealed) {
			int count = secrets.reseal(encryptor);
			log.info("Re-sealed {} {} with the primary key", count, secrets.name());
		}
		return 0;
	}

	/** The keyset with a new AES-256-GCM key added and made primary. */
	static String withNewPrimary(String keysetJson) {
		try {
			AeadConfig.register();
			KeysetHandle current = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
			KeysetHandle rotated = KeysetHandle.newBuilder(current)
				.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
					.withRandomId()
					.makePrimary())
				.build();
			return TinkJsonProtoKeysetFormat.serializeKeyset(rotated, InsecureSecretKeyAccess.get());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot add a key to the keyset", ex);
		}
	}

}
