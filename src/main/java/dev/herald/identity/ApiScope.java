package dev.herald.identity;

/**
 * What an API key may do in its workspace: each scope caps the role the key acts with.
 */
public enum ApiScope {

	/** Read everything the creator can read. */
	READ,

	/** Also create and edit content, as a member. */
	WRITE,

	/** Also manage brands, members and settings, as an admin. */
	ADMIN

}
