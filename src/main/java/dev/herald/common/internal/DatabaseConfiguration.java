package dev.herald.common.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.common.HeraldSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The data source: the server {@code DATABASE_URL} names, or the embedded PostgreSQL with
 * its data under the data directory.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedDatabase embeddedDatabase(DatabaseSettings settings, HeraldSettings herald) {
		if (!settings.embedded()) {
			return new EmbeddedDatabase(null);
		}
		return new EmbeddedDatabase(EmbeddedPostgresPrestart.take(herald.dataDir(), settings.embeddedPort()));
	}

	@Bean
	HikariDataSource dataSource(DatabaseSettings settings, EmbeddedDatabase embedded) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("herald");
		config.setMaximumPoolSize(settings.poolSize());
		if (embedded.server() != null) {
			config.setJdbcUrl(embedded.server().jdbcUrl());
			config.setUsername("postgres");
		}
		else {
			DatabaseUrl url = DatabaseUrl.parse(settings.url());
			config.setJdbcUrl(url.jdbcUrl());
			config.setUsername((url.username() != null) ? url.username() : settings.username());
			config.setPassword((url.password() != null) ? url.password() : settings.password());
		}
		return new HikariDataSource(config);
	}

	/**
	 * The embedded server, when there is one; a bean of its own so that it stops after
	 * the pool that uses it has closed.
	 */
	record EmbeddedDatabase(@Nullable EmbeddedPostgresServer server) implements AutoCloseable {

		@Override
		public void close() {
			if (this.server != null) {
				this.server.close();
			}
		}

	}

}
