package dev.herald.studio.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

import dev.herald.common.AfterCommit;
import dev.herald.publishing.PostPublished;
import dev.herald.publishing.PublishedPost;
import dev.herald.publishing.PublishedPosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the embeddings of published posts: each post is embedded once published (queued
 * after the publication commits, embedded in the background), and a catch-up embeds
 * whatever has no current vector: history published before, a post still queued when
 * Herald stopped, a change of model.
 */
@Component
class OfflineIndexing {

	private static final Logger log = LoggerFactory.getLogger(OfflineIndexing.class);

	/** Published posts queued at most; beyond, the catch-up embeds them. */
	private static final int QUEUED = 20_000;

	/** Posts read from publishing at once. */
	private static final int READ = 64;

	private final PublishedPosts published;

	private final PostVectors vectors;

	private final OfflineSettings settings;

	/** Background embeddings, one at a time with their pauses. */
	private final Semaphore background = new Semaphore(1, true);

	/** Published posts waiting for their embedding, in the order they were published. */
	private final LinkedBlockingQueue<PostPublished> queued = new LinkedBlockingQueue<>(QUEUED);

	OfflineIndexing(PublishedPosts published, PostVectors vectors, StudioSettings settings) {
		this.published = published;
		this.vectors = vectors;
		this.settings = settings.offline();
		Thread.ofVirtual().name("embed-published").start(this::embedQueued);
	}

	/**
	 * Queues the post once its publication commits (called in publishing's transaction).
	 * The queue is in memory, not kept by the event publication registry: a burst of
	 * publications would write and complete a registry row for each, which costs
	 * publishing more than the embedding is worth waiting for. A post lost to a restart
	 * or a full queue is embedded by the catch-up ({@code catch-up-interval}).
	 */
	@EventListener
	void on(PostPublished event) {
		AfterCommit.run(() -> {
			if (!this.queued.offer(event)) {
				log.debug("Embedding queue full: post {} is left to the catch-up", event.targetId());
			}
		});
	}

	/** Embeds the queued posts, read from publishing by workspace, as they come. */
	private void embedQueued() {
		List<PostPublished> batch = new ArrayList<>(READ);
		while (true) {
			try {
				batch.add(this.queued.take());
				this.queued.drainTo(batch, READ - 1);
				Map<UUID, List<UUID>> byWorkspace = batch.stream()
					.collect(Collectors.groupingBy(PostPublished::workspaceId,
							Collectors.mapping(PostPublished::targetId, Collectors.toList())));
				byWorkspace.forEach((workspaceId, targets) -> paced(this.published.find(workspaceId, targets)));
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Embedding {} published posts failed; the catch-up embeds them", batch.size(), ex);
			}
			finally {
				batch.clear();
			}
		}
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
				// shutting down: the catch-up embeds it after the restart
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
