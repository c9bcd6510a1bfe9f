package dev.herald.publishing;

/**
 * Where a post stands, aggregated from its targets once it is scheduled.
 */
public enum PostStatus {

	DRAFT, IN_REVIEW, APPROVED, SCHEDULED, PUBLISHING, PUBLISHED, PARTIALLY_PUBLISHED, FAILED;

	/** Whether its content may still change. */
	public boolean editable() {
		return this == DRAFT || this == IN_REVIEW || this == APPROVED || this == SCHEDULED;
	}

}
