package dev.herald.publishing;

/**
 * Where one post on one channel stands.
 */
public enum TargetStatus {

	/** Not scheduled yet: the post is a draft or in review. */
	DRAFT,

	/** Waiting for its time (or for a retry, a rate limit's reset, a reconnect). */
	SCHEDULED,

	/** Claimed by an instance that is publishing it now. */
	PUBLISHING,

	/** On the platform. */
	PUBLISHED,

	/** Given up, with the reason. */
	FAILED,

	/**
	 * Sent, but the platform's answer was lost: being reconciled, never sent blindly
	 * again.
	 */
	UNCONFIRMED,

	/** Taken off the schedule. */
	CANCELLED

}
