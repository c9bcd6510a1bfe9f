package dev.herald.identity;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.common.RequestOrigin;

/**
 * Users, for other modules: look-ups and the account an accepted invitation creates.
 */
public interface Users {

	Optional<UserProfile> find(UUID id);

	List<UserProfile> findAll(Collection<UUID> ids);

	Optional<UserProfile> findByEmail(String email);

	/**
	 * Creates the account of someone who accepted an emailed invitation: the email is
	 * verified by the invitation itself. Validates the name and the password policy.
	 */
	UserProfile createVerified(String email, String name, String password, RequestOrigin origin);

	/**
	 * Starts a signed-in session for a user (as after a login) and answers its tokens.
	 */
	SignedIn signIn(UUID userId, boolean rememberMe, RequestOrigin origin);

}
