package dev.herald.studio.internal;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.herald.analytics.PublishedHistoryTestSupport;
import dev.herald.platform.mastodon.FakeMastodon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Published posts get their vector once published, and the catch-up gives one back to a
 * post that lost it or whose vector is another model's.
 */
class OfflineIndexingIntegrationTests extends PublishedHistoryTestSupport {

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private OfflineIndexing indexing;

	@AfterAll
	static void stopFake() {
		MASTODON.close();
	}

	@Test
	void theCatchUpEmbedsPostsWithoutACurrentVector() throws Exception {
		Brand brand = brandOnMastodon(MASTODON, "Edda");
		Published lost = publish(brand, "A post whose vector was lost", List.of("lost"));
		Published stale = publish(brand, "A post embedded by an older model", List.of());
		await().atMost(Duration.ofSeconds(30)).until(() -> vectors(lost, stale) == 2);
		float[] before = vector(stale);
		this.jdbc.sql("DELETE FROM post_embeddings WHERE target_id = ?").param(lost.targetId()).update();
		this.jdbc.sql("UPDATE post_embeddings SET model = 'older-model', vector = ?, packed = ? WHERE target_id = ?")
			.params(new float[Embedder.DIMENSIONS], new byte[Embedder.DIMENSIONS * 4], stale.targetId())
			.update();

		assertThat(this.indexing.catchUp()).isGreaterThanOrEqualTo(2);
		assertThat(vectors(lost, stale)).isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT model FROM post_embeddings WHERE target_id = ?")
			.param(stale.targetId())
			.query(String.class)
			.single()).isEqualTo(Embedder.MODEL);
		assertThat(vector(stale)).containsExactly(before);
		assertThat(this.indexing.catchUp()).as("nothing left to embed in any workspace").isZero();
	}

	private int vectors(Published... posts) {
		return this.jdbc.sql("SELECT count(*) FROM post_embeddings WHERE target_id = ANY(?) AND model = ?")
			.params(java.util.Arrays.stream(posts).map(Published::targetId).toArray(UUID[]::new), Embedder.MODEL)
			.query(Integer.class)
			.single();
	}

	/** The vector of record, and its packed copy, which must be the same floats. */
	private float[] vector(Published post) {
		return this.jdbc.sql("SELECT vector, packed FROM post_embeddings WHERE target_id = ?")
			.param(post.targetId())
			.query((rs, n) -> {
				Float[] floats = (Float[]) rs.getArray("vector").getArray();
				float[] vector = new float[floats.length];
				for (int i = 0; i < floats.length; i++) {
					vector[i] = floats[i];
				}
				assertThat(PostVectors.unpack(rs.getBytes("packed"))).containsExactly(vector);
				return vector;
			})
			.single();
	}

}
