package dev.herald.analytics;

import java.util.UUID;

/**
 * New counts of a workspace's published posts were read back from their platforms: what
 * learns from them (the best posts a prompt shows the model) reads them again.
 *
 * @param workspaceId the workspace
 * @param updated targets whose counts were saved
 */
public record MetricsRead(UUID workspaceId, int updated) {
}
