package dev.herald.studio.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.common.SecretTokens;
import dev.herald.publishing.PublishedPost;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;

import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * The embeddings of published posts, one per target, in {@code post_embeddings}: the
 * vector as {@code real[]}, with the post's hashtags and publication time (so that a
 * query over a brand's history reads this table alone), the hash of the text it was
 * computed from and the model's name, so that a vector that no longer matches is computed
 * again. The vector is kept twice: as {@code real[]} (the vector of record,
 * pgvector-ready) and packed in a {@code bytea}, which is what queries read, a page at a
 * time: PostgreSQL sends a {@code real[]} element by element (0.5 s for 20,000 vectors on
 * the 2-core machine), a {@code bytea} at once (9 ms).
 */
class PostVectors {

	/** Rows read per query when a brand's vectors are read. */
	private static final int PAGE = 1000;

	private final JdbcClient jdbc;

	private final Embedder embedder;

	private final Clock clock;

	PostVectors(JdbcClient jdbc, Embedder embedder, Clock clock) {
		this.jdbc = jdbc;
		this.embedder = embedder;
		this.clock = clock;
	}

	/**
	 * A published post's vector and what a query needs of the post.
	 *
	 * @param targetId the target
	 * @param postId its post
	 * @param channelId its channel
	 * @param publishedAt when it was published
	 * @param hashtags its hashtags, without #, as written
	 * @param model the model that computed the vector
	 * @param vector the unit vector
	 */
	record Stored(UUID targetId, UUID postId, UUID channelId, Instant publishedAt, List<String> hashtags, String model,
			float[] vector) {

		/** Whether the model in use computed it. */
		boolean current() {
			return Embedder.MODEL.equals(this.model);
		}

	}

	/**
	 * What is embedded of a post: its text and its hashtags, which say what it is about.
	 */
	static String embeddedText(PublishedPost post) {
		if (post.hashtags().isEmpty()) {
			return post.text();
		}
		StringBuilder text = new StringBuilder(post.text()).append('\n');
		post.hashtags().forEach((tag) -> text.append(" #").append(tag.startsWith("#") ? tag.substring(1) : tag));
		return text.toString();
	}

	static String textHash(PublishedPost post) {
		return SecretTokens.hash(embeddedText(post));
	}

	/**
	 * The vectors of a brand's (or one of its channels') posts, the most recently
	 * published first, {@code max} at most.
	 */
	List<Stored> scope(UUID workspaceId, UUID brandId, @Nullable UUID channelId, int max) {
		List<Stored> vectors = new ArrayList<>();
		Stored last = null;
		while (vectors.size() < max) {
			int limit = Math.min(PAGE, max - vectors.size());
			List<Stored> page = this.jdbc
				.sql("SELECT target_id, post_id, channel_id, published_at, hashtags, model, packed "
						+ "FROM post_embeddings WHERE workspace_id = ? AND brand_id = ? "
						+ "AND (CAST(? AS uuid) IS NULL OR channel_id = ?) "
						+ "AND (CAST(? AS timestamptz) IS NULL OR (published_at, target_id) < (CAST(? AS timestamptz), CAST(? AS uuid))) "
						+ "ORDER BY published_at DESC, target_id DESC LIMIT ?")
				.params(workspaceId, brandId, channelId, channelId, (last != null) ? ts(last.publishedAt()) : null,
						(last != null) ? ts(last.publishedAt()) : null, (last != null) ? last.targetId() : null, limit)
				.query(PostVectors::stored)
				.list();
			vectors.addAll(page);
			if (page.size() < limit) {
				break;
			}
			last = page.getLast();
		}
		return vectors;
	}

	/** The text hash and model of every vector of a workspace, by target. */
	Map<UUID, String> hashes(UUID workspaceId) {
		Map<UUID, String> hashes = new HashMap<>();
		this.jdbc.sql("SELECT target_id, text_hash, model FROM post_embeddings WHERE workspace_id = ?")
			.param(workspaceId)
			.query((rs) -> {
				hashes.put(rs.getObject("target_id", UUID.class),
						rs.getString("model") + ":" + rs.getString("text_hash"));
			});
		return hashes;
	}

	/**
	 * Whether a post's vector (from {@link #hashes}) is that of its text by the model in
	 * use.
	 */
	static boolean current(Map<UUID, String> hashes, PublishedPost post) {
		return (Embedder.MODEL + ":" + textHash(post)).equals(hashes.get(post.targetId()));
	}

	/**
	 * Embeds these posts and keeps their vectors; answers them. A post deleted meanwhile
	 * is left out.
	 */
	List<Stored> index(List<PublishedPost> posts) {
		List<Stored> indexed = new ArrayList<>();
		if (posts.isEmpty()) {
			return indexed;
		}
		List<float[]> vectors = this.embedder.embed(posts.stream().map(PostVectors::embeddedText).toList());
		Instant now = Instant.now(this.clock);
		for (int i = 0; i < posts.size(); i++) {
			PublishedPost post = posts.get(i);
			float[] vector = vectors.get(i);
			Assert.state(vector.length == Embedder.DIMENSIONS, "Unexpected embedding size");
			List<String> hashtags = List.copyOf(Hashtags.of(post.text(), post.hashtags()).values());
			try {
				this.jdbc
					.sql("INSERT INTO post_embeddings (target_id, workspace_id, brand_id, channel_id, post_id, published_at, "
							+ "hashtags, text_hash, model, vector, packed, created_at) "
							+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target_id) DO UPDATE SET "
							+ "hashtags = EXCLUDED.hashtags, text_hash = EXCLUDED.text_hash, model = EXCLUDED.model, "
							+ "vector = EXCLUDED.vector, packed = EXCLUDED.packed, created_at = EXCLUDED.created_at")
					.params(post.targetId(), post.workspaceId(), post.brandId(), post.channelId(), post.postId(),
							ts(post.publishedAt()), hashtags.toArray(String[]::new), textHash(post), Embedder.MODEL,
							vector, pack(vector), ts(now))
					.update();
				indexed.add(new Stored(post.targetId(), post.postId(), post.channelId(), post.publishedAt(), hashtags,
						Embedder.MODEL, vector));
			}
			catch (DataIntegrityViolationException deleted) {
				// the post was deleted while it was embedded
			}
		}
		return indexed;
	}

	private static Stored stored(ResultSet rs, int n) throws SQLException {
		return new Stored(rs.getObject("target_id", UUID.class), rs.getObject("post_id", UUID.class),
				rs.getObject("channel_id", UUID.class), required(rs, "published_at"),
				Arrays.asList((String[]) rs.getArray("hashtags").getArray()), rs.getString("model"),
				unpack(rs.getBytes("packed")));
	}

	/** A vector's floats as bytes, little-endian. */
	static byte[] pack(float[] vector) {
		ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		buffer.asFloatBuffer().put(vector);
		return buffer.array();
	}

	/** The floats of {@link #pack}. */
	static float[] unpack(byte[] packed) {
		Assert.state(packed.length % Float.BYTES == 0, "A packed vector is whole floats");
		float[] vector = new float[packed.length / Float.BYTES];
		ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
		return vector;
	}

}
