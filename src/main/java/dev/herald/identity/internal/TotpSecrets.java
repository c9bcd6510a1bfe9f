package dev.herald.identity.internal;

import java.util.List;

import dev.herald.common.Encryptor;
import dev.herald.common.SealedSecrets;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-seals the users' TOTP secrets when the encryption key rotates.
 */
@Component
class TotpSecrets implements SealedSecrets {

	private final JdbcClient jdbc;

	TotpSecrets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return "two-factor secrets";
	}

	@Override
	@Transactional
	public int reseal(Encryptor encryptor) {
		return SealedSecrets.resealColumns(this.jdbc, encryptor, "users", List.of("totp_secret", "totp_pending_secret"),
				(column, id) -> "totp_secret".equals(column) ? Accounts.totpPlace(id) : Accounts.pendingPlace(id));
	}

}
