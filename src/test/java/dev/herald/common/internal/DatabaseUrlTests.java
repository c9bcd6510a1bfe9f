package dev.herald.common.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DatabaseUrlTests {

	@Test
	void readsThePlanningDocumentsForm() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://herald:s%40cret@db.example.com:5433/herald?sslmode=require");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5433/herald?sslmode=require");
		assertThat(url.username()).isEqualTo("herald");
		assertThat(url.password()).isEqualTo("s@cret");
	}

	@Test
	void readsPostgresSchemeWithoutPortOrPath() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://user@localhost");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/postgres");
		assertThat(url.username()).isEqualTo("user");
		assertThat(url.password()).isNull();
	}

	@Test
	void keepsJdbcUrlsAsTheyAre() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost:5432/herald");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/herald");
		assertThat(url.username()).isNull();
	}

	@Test
	void refusesOtherSchemesWithoutEchoingThePassword() {
		assertThatIllegalStateException().isThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@localhost/db"))
			.withMessageContaining("must start with postgresql://")
			.withMessageNotContaining("hunter2");
	}

}
