package dev.herald.common;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An event that the audit log records: who did what to which resource, in which
 * workspace, from where. Modules publish such events; the audit module listens to all of
 * them.
 */
public interface Auditable {

	/** Who acted, if a user did. */
	@Nullable UUID actorId();

	/** The workspace concerned, if any. */
	default @Nullable UUID workspaceId() {
		return null;
	}

	/** What was done, as {@code resource.verb}, for example {@code user.login_failed}. */
	String action();

	/** The kind of resource acted on. */
	String resourceType();

	/** The resource's id, if it has one. */
	@Nullable String resourceId();

	/** Values worth keeping with the entry (never secrets). */
	default Map<String, String> details() {
		return Map.of();
	}

	/** Where the request came from. */
	RequestOrigin origin();

}
