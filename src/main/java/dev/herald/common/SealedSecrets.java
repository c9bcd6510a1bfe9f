package dev.herald.common;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A module's secrets stored encrypted with the {@link Encryptor}. Each module that keeps
 * some implements this, so that a key rotation re-encrypts every one of them with the
 * keyset's new primary key.
 */
public interface SealedSecrets {

	/**
	 * What these secrets are, for the rotation's report (for example "channel tokens").
	 */
	String name();

	/**
	 * Opens every stored secret with {@code encryptor} (whose keyset still holds the old
	 * keys) and seals it again with its primary key, in the caller's transaction; answers
	 * how many were re-sealed.
	 */
	int reseal(Encryptor encryptor);

	/**
	 * Re-seals the given columns of a table keyed by a UUID {@code id}, each value under
	 * the associated data {@code place(column, id)} it was sealed with. Table and column
	 * names are the module's own constants, never input.
	 */
	static int resealColumns(JdbcClient jdbc, Encryptor encryptor, String table, List<String> columns,
			BiFunction<String, UUID, String> place) {
		int count = 0;
		for (String column : columns) {
			List<Object[]> rows = jdbc
				.sql("SELECT id, " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL FOR UPDATE")
				.query((rs, n) -> new Object[] { rs.getObject(1, UUID.class), rs.getString(2) })
				.list();
			List<Object[]> updates = new ArrayList<>();
			for (Object[] row : rows) {
				String where = place.apply(column, (UUID) row[0]);
				updates
					.add(new Object[] { encryptor.encrypt(encryptor.decrypt((String) row[1], where), where), row[0] });
			}
			for (Object[] update : updates) {
				jdbc.sql("UPDATE " + table + " SET " + column + " = ? WHERE id = ?").params(update).update();
			}
			count += updates.size();
		}
		return count;
	}

}
