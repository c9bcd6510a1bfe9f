package dev.herald.studio.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import dev.herald.publishing.PostPublished;
import dev.herald.publishing.PublishedPost;
import dev.herald.publishing.PublishedPosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps the embeddings of published posts: each post is embedded once published (after
 * the publication committed, off the publishing thread; the event is kept until this
 * succeeds), and a catch-up embeds whatever has no current vector: history published
 * before, a listener that failed, a change of model.
 */
@Component
class OfflineIndexing {

	private static final Logger log = LoggerFactory.getLogger(OfflineIndexing.class);

	private final PublishedPosts published;

	private final PostVectors vectors;

	private final OfflineSettings settings;

	/** Background embeddings, one at a time with their pauses. */
	private final Semaphore background = new Semaphore(1, true);

	OfflineIndexing(PublishedPosts published, PostVectors vectors, StudioSettings settings) {
		this.published = published;
		this.vectors = vectors;
		this.settings = settings.offline();
	}

	/**
	 * After the publication commits, on its own thread, and outside any transaction: an
	 * embedding waits its turn (one at a time) and must not hold a database connection
	 * meanwhile, or a burst of publications would take the pool from publishing itself.
	 * The event publication registry keeps the event until this returns.
	 */
	@Async
	@TransactionalEventListener
	void on(PostPublished event) {
		this.published.find(event.workspaceId(), event.targetId()).ifPresent((post) -> paced(List.of(post)));
	}

	/**
	 * Embeds posts one after the other in the background, each followed by a pause, so
	 * that this work takes at most {@code backgroundShare} of the time: a burst of
	 * publications is published at its own pace and embedded after (a query's embedding
	 * does not wait for these pauses). Answers how many were embedded.
	 */
	int paced(List<PublishedPost> posts) {
		int indexed = 0;
		for (PublishedPost post : posts) {
			try {
				this.background.acquire();
			}
			catch (InterruptedException ex) {
				// shutting down: the event stays incomplete and comes back at the restart
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted before embedding post " + post.targetId(), ex);
			}
			try {
				long started = System.nanoTime();
				indexed += this.vectors.index(List.of(post)).size();
				long took = System.nanoTime() - started;
				double share = this.settings.backgroundShare();
				if (share < 1) {
					Thread.sleep(Duration.ofNanos((long) (took * (1 - share) / share)));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.background.release();
			}
		}
		return indexed;
	}

	/**
	 * Embeds the posts without a current vector, {@code catchUpBatch} at most per
	 * workspace; answers how many. Loads the model only when one is missing.
	 */
	int catchUp() {
		int indexed = 0;
		for (UUID workspaceId : this.published.workspacesPublishedSince(Instant.EPOCH)) {
			try {
				List<PublishedPost> posts = this.published.list(workspaceId,
						new PublishedPosts.Query(null, null, null, this.settings.maxPosts()));
				Map<UUID, String> hashes = this.vectors.hashes(workspaceId);
				List<PublishedPost> missing = posts.stream()
					.filter((post) -> !PostVectors.current(hashes, post))
					.limit(this.settings.catchUpBatch())
					.toList();
				indexed += paced(missing);
			}
			catch (RuntimeException ex) {
				log.warn("Embedding the published posts of workspace {} failed", workspaceId, ex);
			}
		}
		if (indexed > 0) {
			log.info("Embedded {} published posts that had no current vector", indexed);
		}
		return indexed;
	}

}
