package dev.herald.studio.internal;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.common.SecretTokens;
import dev.herald.publishing.PublishedPost;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;

import static dev.herald.common.SqlTime.ts;

/**
 * The embeddings of published posts, one per target, in {@code post_embeddings}: the
 * vector as {@code real[]}, with the hash of the text it was computed from and the
 * model's name, so that a vector that no longer matches is computed again. Vectors are
 * read back as PostgreSQL's binary array format ({@code array_send}), which costs no
 * boxed {@code Float} per dimension.
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
	 * A stored vector and what it was computed from.
	 *
	 * @param targetId the target
	 * @param textHash the hash of the text embedded
	 * @param model the model
	 * @param vector the unit vector
	 */
	record Stored(UUID targetId, String textHash, String model, float[] vector) {

		/** Whether this is the vector of this post by the model in use. */
		boolean current(PublishedPost post) {
			return this.model.equals(Embedder.MODEL) && this.textHash.equals(PostVectors.textHash(post));
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
		post.hashtags().forEach((tag) -> text.append(" #").append(tag));
		return text.toString();
	}

	static String textHash(PublishedPost post) {
		return SecretTokens.hash(embeddedText(post));
	}

	/** A brand's stored vectors, by target. */
	Map<UUID, Stored> brand(UUID workspaceId, UUID brandId, int max) {
		Map<UUID, Stored> vectors = new HashMap<>();
		UUID after = null;
		while (vectors.size() < max) {
			List<Stored> page = this.jdbc
				.sql("SELECT target_id, text_hash, model, array_send(vector) AS vector FROM post_embeddings "
						+ "WHERE workspace_id = ? AND brand_id = ? AND (CAST(? AS uuid) IS NULL OR target_id < ?) "
						+ "ORDER BY target_id DESC LIMIT ?")
				.params(workspaceId, brandId, after, after, Math.min(PAGE, max - vectors.size()))
				.query((rs, n) -> new Stored(rs.getObject("target_id", UUID.class), rs.getString("text_hash"),
						rs.getString("model"), floats(rs.getBytes("vector"))))
				.list();
			page.forEach((stored) -> vectors.put(stored.targetId(), stored));
			if (page.size() < PAGE) {
				break;
			}
			after = page.getLast().targetId();
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

	/** Whether a post's vector (from {@link #hashes}) is current. */
	static boolean current(Map<UUID, String> hashes, PublishedPost post) {
		return (Embedder.MODEL + ":" + textHash(post)).equals(hashes.get(post.targetId()));
	}

	/**
	 * Embeds these posts and keeps their vectors; answers them by target. A post deleted
	 * meanwhile is skipped.
	 */
	Map<UUID, float[]> index(List<PublishedPost> posts) {
		Map<UUID, float[]> indexed = new HashMap<>();
		if (posts.isEmpty()) {
			return indexed;
		}
		List<float[]> vectors = this.embedder.embed(posts.stream().map(PostVectors::embeddedText).toList());
		Instant now = Instant.now(this.clock);
		for (int i = 0; i < posts.size(); i++) {
			PublishedPost post = posts.get(i);
			float[] vector = vectors.get(i);
			Assert.state(vector.length == Embedder.DIMENSIONS, "Unexpected embedding size");
			try {
				this.jdbc
					.sql("INSERT INTO post_embeddings (target_id, workspace_id, brand_id, channel_id, post_id, text_hash, "
							+ "model, vector, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target_id) DO UPDATE "
							+ "SET text_hash = EXCLUDED.text_hash, model = EXCLUDED.model, vector = EXCLUDED.vector, "
							+ "created_at = EXCLUDED.created_at")
					.params(post.targetId(), post.workspaceId(), post.brandId(), post.channelId(), post.postId(),
							textHash(post), Embedder.MODEL, vector, ts(now))
					.update();
				indexed.put(post.targetId(), vector);
			}
			catch (DataIntegrityViolationException deleted) {
				// the post was deleted while it was embedded
			}
		}
		return indexed;
	}

	/**
	 * Reads a one-dimensional {@code real[]} in PostgreSQL's binary array format: number
	 * of dimensions, a flag, the element type, then each dimension's size and lower
	 * bound, then each element's length and its big-endian bytes.
	 */
	static float[] floats(byte[] binary) {
		ByteBuffer buffer = ByteBuffer.wrap(binary);
		int dimensions = buffer.getInt();
		buffer.getInt();
		buffer.getInt();
		if (dimensions == 0) {
			return new float[0];
		}
		Assert.state(dimensions == 1, "A vector has one dimension");
		int size = buffer.getInt();
		buffer.getInt();
		float[] vector = new float[size];
		for (int i = 0; i < size; i++) {
			int length = buffer.getInt();
			Assert.state(length == 4, "A vector has no null element");
			vector[i] = buffer.getFloat();
		}
		return vector;
	}

}
