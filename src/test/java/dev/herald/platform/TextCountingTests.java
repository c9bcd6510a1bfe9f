package dev.herald.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextCountingTests {

	@Test
	void countsWhatPeopleSeeAsOneCharacterOnceForGraphemePlatforms() {
		String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
		String flag = "\uD83C\uDDEB\uD83C\uDDF7";
		String accented = "e\u0301";
		assertThat(TextCounting.GRAPHEMES.count(family + flag + accented)).isEqualTo(3);
		assertThat(TextCounting.CODE_POINTS.count(family + flag + accented)).isEqualTo(9);
		assertThat(TextCounting.UTF8_BYTES.count(accented)).isEqualTo(3);
	}

}
