package dev.herald.studio.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A post's hashtags: its own first, then those of its text, each once whatever its case,
 * as first written; no number alone, no # inside a word or an HTML entity.
 */
class HashtagsTests {

	@Test
	void findsAPostsOwnHashtagsAndThoseOfItsText() {
		assertThat(Hashtags.of("New #Espresso blend, try it! #coffee #Coffee #2024 C#sharp &#39; #été_2025",
				List.of("#coffee", "Roastery", " ")))
			.containsExactly(java.util.Map.entry("coffee", "coffee"), java.util.Map.entry("roastery", "Roastery"),
					java.util.Map.entry("espresso", "Espresso"), java.util.Map.entry("été_2025", "été_2025"));
	}

}
