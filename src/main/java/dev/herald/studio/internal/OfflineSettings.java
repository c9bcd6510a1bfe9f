package dev.herald.studio.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The studio's offline AI (no provider: embeddings computed on this machine), under
 * {@code herald.studio.offline}. docs/offline-ai.md explains each threshold.
 *
 * @param minHistory published posts with metrics a brand needs before an engagement is
 * predicted
 * @param neighbours past posts a prediction is made from at most (the nearest)
 * @param minSimilarity cosine below which a past post is not taken as a neighbour of a
 * draft
 * @param maxPosts a brand's most recent published posts scored per query at most (their
 * vectors are read and scored in memory)
 * @param maxThemePosts a brand's (or channel's) most recent posts clustered into themes
 * at most
 * @param minThemePosts posts needed before themes are looked for
 * @param catchUpInterval how often posts published without a vector (still queued at a
 * restart, an embedding that failed, history from before this feature) are embedded
 * @param catchUpBatch posts embedded at most per workspace by one catch-up run
 * @param queryCatchUp posts without a vector embedded at most while a query waits (the
 * rest are left to the catch-up job and said to be pending)
 * @param backgroundShare the share of the time background embeddings (of published posts)
 * may take, from above 0 to 1: each is followed by a pause, so that a burst of
 * publications keeps the processor for publishing
 * @param modelIdle how long the embedding model stays in memory unused (about 150 MB)
 * before it is closed, to be loaded again (in about a second) when next needed; zero
 * keeps it loaded
 */
record OfflineSettings(@DefaultValue("5") int minHistory, @DefaultValue("7") int neighbours,
		@DefaultValue("0.25") double minSimilarity, @DefaultValue("5000") int maxPosts,
		@DefaultValue("2000") int maxThemePosts, @DefaultValue("6") int minThemePosts,
		@DefaultValue("10m") Duration catchUpInterval, @DefaultValue("500") int catchUpBatch,
		@DefaultValue("50") int queryCatchUp, @DefaultValue("0.1") double backgroundShare,
		@DefaultValue("10m") Duration modelIdle) {

	OfflineSettings {
		if (!(backgroundShare > 0 && backgroundShare <= 1)) {
			throw new IllegalArgumentException(
					"herald.studio.offline.background-share is a share of the time, above 0 and at most 1");
		}
		if (modelIdle.isNegative()) {
			throw new IllegalArgumentException("herald.studio.offline.model-idle must not be negative");
		}
	}

}
