package dev.herald.common.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the database is: {@code DATABASE_URL} when given, otherwise the embedded
 * PostgreSQL.
 *
 * @param url {@code postgresql://user:pass@host:5432/db} or {@code jdbc:postgresql://...}
 * @param username user for a JDBC URL that carries none ({@code DATABASE_USERNAME})
 * @param password password for a JDBC URL that carries none ({@code DATABASE_PASSWORD})
 * @param embeddedPort the embedded server's port (0 picks a free one, for tests)
 * @param poolSize the connection pool's size
 */
@ConfigurationProperties("herald.database")
record DatabaseSettings(@Nullable String url, @Nullable String username, @Nullable String password,
		@DefaultValue("54329") int embeddedPort, @DefaultValue("16") int poolSize) {

	boolean embedded() {
		return this.url == null || this.url.isBlank();
	}

}
