package dev.herald.studio.internal;

import java.util.List;

import dev.herald.common.Encryptor;
import dev.herald.common.SealedSecrets;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-seals the workspaces' own AI keys when the encryption key rotates.
 */
@Component
class WorkspaceAiKeySecrets implements SealedSecrets {

	private final JdbcClient jdbc;

	WorkspaceAiKeySecrets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return "workspace AI keys";
	}

	@Override
	@Transactional
	public int reseal(Encryptor encryptor) {
		return SealedSecrets.resealColumns(this.jdbc, encryptor, WorkspaceAiProviders.TABLE,
				List.of(WorkspaceAiProviders.KEY_COLUMN), (column, id) -> WorkspaceAiProviders.place(id));
	}

}
