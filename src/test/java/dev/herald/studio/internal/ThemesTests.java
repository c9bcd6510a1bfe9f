package dev.herald.studio.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Themes without the model: unit vectors drawn around three directions are found again as
 * three themes, each labelled by the words its posts share and the others do not, the
 * same each time; few posts give fewer themes.
 */
class ThemesTests {

	private static final int DIMENSIONS = 16;

	@Test
	void findsTheGroupsOfVectorsAndLabelsThemByTheirOwnWords() {
		List<String> texts = new ArrayList<>();
		List<float[]> vectors = new ArrayList<>();
		Random random = new Random(7);
		String[][] topics = { { "espresso", "roastery" }, { "invoice", "taxes" }, { "marathon", "training" } };
		int[] sizes = { 6, 4, 3 };
		for (int topic = 0; topic < topics.length; topic++) {
			for (int i = 0; i < sizes[topic]; i++) {
				texts.add("Our " + topics[topic][0] + " news of the week, with " + topics[topic][1] + " and more #"
						+ topics[topic][0]);
				vectors.add(near(topic, random));
			}
		}
		List<Themes.Theme> themes = Themes.find(texts, vectors, 3, 3);
		assertThat(themes).hasSize(3);
		assertThat(themes).extracting((theme) -> theme.members().size()).containsExactly(6, 4, 3);
		assertThat(themes.get(0).members()).allSatisfy((i) -> assertThat(i).isBetween(0, 5));
		assertThat(themes.get(1).members()).allSatisfy((i) -> assertThat(i).isBetween(6, 9));
		assertThat(themes.get(0).terms()).containsExactlyInAnyOrder("espresso", "roastery");
		assertThat(themes.get(1).terms()).containsExactlyInAnyOrder("invoice", "taxes");
		assertThat(themes.get(2).terms()).doesNotContain("news", "week", "our", "and");
		assertThat(Themes.find(texts, vectors, 3, 3)).isEqualTo(themes);
	}

	@Test
	void asksForNoMoreThemesThanHalfThePosts() {
		Random random = new Random(3);
		List<float[]> vectors = List.of(near(0, random), near(1, random), near(2, random));
		assertThat(Themes.find(List.of("a one", "b two", "c three"), vectors, 5, 3)).hasSize(1);
		assertThat(Themes.defaultK(6)).isEqualTo(2);
		assertThat(Themes.defaultK(50)).isEqualTo(5);
		assertThat(Themes.defaultK(5000)).isEqualTo(8);
	}

	@Test
	void termsLeaveOutStopWordsShortWordsAndTheHashOfHashtags() {
		assertThat(Themes.terms("The #Coffee of the day is in: an Ethiopian espresso, at 7am"))
			.containsExactly("coffee", "ethiopian", "espresso");
	}

	/** A unit vector close to axis {@code topic}. */
	private static float[] near(int topic, Random random) {
		float[] vector = new float[DIMENSIONS];
		vector[topic] = 1;
		for (int i = 0; i < DIMENSIONS; i++) {
			vector[i] += (float) (random.nextGaussian() * 0.05);
		}
		double norm = 0;
		for (float v : vector) {
			norm += v * v;
		}
		for (int i = 0; i < DIMENSIONS; i++) {
			vector[i] /= (float) Math.sqrt(norm);
		}
		return vector;
	}

}
