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

	@Test
	void countsEveryLinkAtTheReservedLengthWhenThePlatformDoesSo() {
		String text = "Read https://example.com/" + "long/".repeat(40) + ", then http://a.example.";
		Capabilities plain = new Capabilities(500, TextCounting.CODE_POINTS, null, 4, true, false, null);
		Capabilities mastodon = new Capabilities(500, TextCounting.CODE_POINTS, null, 4, true, false, 23);
		assertThat(plain.length(text)).isEqualTo(text.length());
		assertThat(mastodon.length(text)).isEqualTo("Read ".length() + 23 + ", then ".length() + 23 + ".".length());
		assertThat(mastodon.length("No links, no change")).isEqualTo(19);
	}

}
