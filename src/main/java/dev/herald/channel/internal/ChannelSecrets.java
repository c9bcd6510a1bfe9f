package dev.herald.channel.internal;

import java.util.List;

import dev.herald.common.Encryptor;
import dev.herald.common.SealedSecrets;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-seals the channels' tokens when the encryption key rotates.
 */
@Component
class ChannelSecrets implements SealedSecrets {

	private final JdbcClient jdbc;

	ChannelSecrets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return "channel tokens";
	}

	@Override
	@Transactional
	public int reseal(Encryptor encryptor) {
		return SealedSecrets.resealColumns(this.jdbc, encryptor, "channels",
				List.of(TokenVault.ACCESS, TokenVault.REFRESH), TokenVault::place);
	}

}
