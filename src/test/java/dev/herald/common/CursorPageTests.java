package dev.herald.common;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CursorPageTests {

	@Test
	void givesACursorOnlyWhenMoreRowsFollow() {
		UUID a = Ids.next();
		UUID b = Ids.next();
		UUID c = Ids.next();
		CursorPage.PageRequest request = CursorPage.PageRequest.of(null, 2);
		CursorPage<UUID> page = CursorPage.of(List.of(a, b, c), request, Function.identity());
		assertThat(page.items()).containsExactly(a, b);
		assertThat(CursorPage.PageRequest.of(page.nextCursor(), 2).after()).isEqualTo(b);
		assertThat(CursorPage.of(List.of(c), request, Function.identity()).nextCursor()).isNull();
	}

	@Test
	void refusesForeignCursorsAndLimitsOutOfRange() {
		assertThatExceptionOfType(ApiError.class).isThrownBy(() -> CursorPage.PageRequest.of("not-a-cursor", null))
			.satisfies((ex) -> assertThat(ex.details().getFirst().field()).isEqualTo("cursor"));
		assertThatExceptionOfType(ApiError.class).isThrownBy(() -> CursorPage.PageRequest.of(null, 101))
			.satisfies((ex) -> assertThat(ex.details().getFirst().field()).isEqualTo("limit"));
		assertThatExceptionOfType(ApiError.class).isThrownBy(() -> CursorPage.PageRequest.of(null, 0));
	}

}
