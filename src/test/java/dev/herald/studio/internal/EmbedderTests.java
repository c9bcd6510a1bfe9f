package dev.herald.studio.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The offline embedding model, run for real (loaded once for the whole test JVM): unit
 * vectors of 384 dimensions, texts about the same thing closer than unrelated ones, the
 * same text the same vector alone or in a batch, and texts longer than the model reads
 * cut rather than refused; the model closed once unused for a while, and loaded again
 * when next needed.
 */
class EmbedderTests {

	private static final Embedder EMBEDDER = new Embedder(cacheDirectory(), Duration.ZERO);

	private static Path cacheDirectory() {
		try {
			return Files.createTempDirectory("herald-embedder-");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void answersUnitVectorsOf384Dimensions() {
		float[] vector = EMBEDDER.embed("Fresh sourdough out of the oven this morning");
		assertThat(vector).hasSize(Embedder.DIMENSIONS);
		assertThat(Embedder.cosine(vector, vector)).isCloseTo(1.0, within(1e-4));
		assertThat(Embedder.loaded()).isTrue();
	}

	@Test
	void similarTextsAreCloserThanUnrelatedOnes() {
		List<float[]> vectors = EMBEDDER.embed(List.of("Our new sourdough bread is out of the oven",
				"Freshly baked loaves of bread at the bakery today", "The football match ended in a draw last night",
				"How to configure a Kubernetes ingress controller"));
		double bread = Embedder.cosine(vectors.get(0), vectors.get(1));
		assertThat(bread).isGreaterThan(Embedder.cosine(vectors.get(0), vectors.get(2)) + 0.2)
			.isGreaterThan(Embedder.cosine(vectors.get(0), vectors.get(3)) + 0.2)
			.isGreaterThan(0.5);
	}

	@Test
	void embedsATextAloneAsInAListOfOthers() {
		String text = "Coffee tasting on Saturday";
		float[] alone = EMBEDDER.embed(text);
		List<float[]> batch = EMBEDDER.embed(List.of("A much longer text than the other one, padded against it, "
				+ "about the opening hours of the shop during the summer holidays", text));
		assertThat(Embedder.cosine(alone, batch.get(1))).isCloseTo(1.0, within(1e-6));
	}

	@Test
	void cutsTextsLongerThanTheModelReads() {
		String longText = String.join(" ", Collections.nCopies(400, "Fresh bread from our bakery."));
		float[] vector = EMBEDDER.embed(longText);
		assertThat(vector).hasSize(Embedder.DIMENSIONS);
		assertThat(Embedder.cosine(vector, EMBEDDER.embed("Bread from the bakery")))
			.isGreaterThan(Embedder.cosine(vector, EMBEDDER.embed("The football match ended in a draw")) + 0.2);
		assertThat(EMBEDDER.embed("   ")).hasSize(Embedder.DIMENSIONS);
	}

	@Test
	void closesTheModelOnceUnusedAndLoadsItAgainWhenNeeded() {
		// the model's watcher, started for ten minutes, follows the last user's shorter
		// time
		new Embedder(cacheDirectory(), Duration.ofMinutes(10)).embed("Opening hours this week");
		Embedder briefly = new Embedder(cacheDirectory(), Duration.ofMillis(300));
		float[] before = briefly.embed("Coffee tasting on Saturday");
		assertThat(Embedder.loaded()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> !Embedder.loaded());
		assertThat(briefly.embed("Coffee tasting on Saturday")).containsExactly(before);
		assertThat(Embedder.loaded()).isTrue();
	}

}
