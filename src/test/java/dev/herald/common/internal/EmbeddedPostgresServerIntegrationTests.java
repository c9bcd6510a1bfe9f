package dev.herald.common.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EmbeddedPostgresServerIntegrationTests {

	@Test
	void keepsDataAcrossRestartsWithDurabilityOn() throws Exception {
		Path data = Files.createTempDirectory("herald-pg-",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Path cluster = data.resolve("postgres");
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(cluster, 0);
				Connection connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE kept (value text)");
			statement.execute("INSERT INTO kept VALUES ('still here')");
			assertThat(setting(statement, "fsync")).isEqualTo("on");
			assertThat(setting(statement, "synchronous_commit")).isEqualTo("on");
			assertThat(setting(statement, "server_version")).startsWith("18.");
		}
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(cluster, 0);
				Connection connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT value FROM kept")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo("still here");
		}
	}

	@Test
	void refusesASecondServerOnADataDirectoryInUse() throws Exception {
		Path data = Files.createTempDirectory("herald-pg-",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Path cluster = data.resolve("postgres");
		try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(cluster, 0)) {
			assertThatIllegalStateException().isThrownBy(() -> EmbeddedPostgresServer.start(cluster, 0))
				.withMessageContaining("Another Herald is using the data directory");
			try (Connection connection = DriverManager.getConnection(first.jdbcUrl(), "postgres", "");
					Statement statement = connection.createStatement()) {
				assertThat(setting(statement, "fsync")).isEqualTo("on");
			}
		}
		try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(cluster, 0)) {
			assertThat(again.jdbcUrl()).startsWith("jdbc:postgresql://localhost:");
		}
	}

	private static String setting(Statement statement, String name) throws Exception {
		try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
