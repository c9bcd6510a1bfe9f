package dev.herald.workspace;

/**
 * A member's role in a workspace, from most to least powerful.
 */
public enum Role {

	/** Everything, including billing, ownership transfer and deleting the workspace. */
	OWNER(4),

	/** Members, brands, channels, approval and publishing. */
	ADMIN(3),

	/** Creates and edits content and submits it for approval. */
	MEMBER(2),

	/** Reads only. */
	VIEWER(1);

	private final int rank;

	Role(int rank) {
		this.rank = rank;
	}

	/** Whether this role may do what {@code required} may. */
	public boolean atLeast(Role required) {
		return this.rank >= required.rank;
	}

	/** The weaker of two roles. */
	public Role min(Role other) {
		return (this.rank <= other.rank) ? this : other;
	}

}
