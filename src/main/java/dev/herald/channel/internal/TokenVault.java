package dev.herald.channel.internal;

import java.util.UUID;

import dev.herald.common.Encryptor;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Seals and opens a channel's tokens. The associated data names the table, the column and
 * the row ({@code channels:access_token:<id>}), so that a ciphertext moved to another row
 * or column no longer decrypts.
 */
@Component
class TokenVault {

	static final String ACCESS = "access_token";

	static final String REFRESH = "refresh_token";

	private final Encryptor encryptor;

	TokenVault(Encryptor encryptor) {
		this.encryptor = encryptor;
	}

	@Nullable String seal(String column, UUID channelId, @Nullable String token) {
		return (token != null) ? this.encryptor.encrypt(token, place(column, channelId)) : null;
	}

	@Nullable String open(String column, UUID channelId, @Nullable String sealed) {
		return (sealed != null) ? this.encryptor.decrypt(sealed, place(column, channelId)) : null;
	}

	static String place(String column, UUID channelId) {
		return "channels:" + column + ":" + channelId;
	}

}
