/**
 * The AI studio: generative models behind one client (any OpenAI-compatible endpoint,
 * Anthropic or Google Gemini; the server's, or a workspace's own key), prompts kept as
 * versioned resources, a response cache, AI credits per plan and a record of every
 * generation with its tokens and cost; strategies, batches and templates; and the offline
 * AI that needs no provider, from embeddings of the brand's published posts computed on
 * this machine and their metrics (docs/offline-ai.md).
 */
@NullMarked
@ApplicationModule(displayName = "Studio", allowedDependencies = { "common", "identity", "workspace", "platform",
		"channel", "media", "publishing", "analytics" })
package dev.herald.studio;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
