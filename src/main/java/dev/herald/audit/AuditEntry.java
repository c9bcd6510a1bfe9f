package dev.herald.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the audit log.
 *
 * @param id the entry
 * @param workspaceId the workspace concerned, if any
 * @param actorId who acted, if a user did
 * @param action what was done
 * @param resourceType the kind of resource
 * @param resourceId the resource
 * @param details values kept with the entry
 * @param ip the client's address
 * @param userAgent the client's user agent
 * @param at when
 */
public record AuditEntry(UUID id, @Nullable UUID workspaceId, @Nullable UUID actorId, String action,
		String resourceType, @Nullable String resourceId, Map<String, String> details, @Nullable String ip,
		@Nullable String userAgent, Instant at) {
}
