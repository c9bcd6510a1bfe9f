package dev.herald.identity;

import java.util.Optional;
import java.util.UUID;

/**
 * Lets another module refuse the deletion of an account (a workspace owner must first
 * transfer or delete the workspace). Implemented as a bean by the module that knows.
 */
public interface AccountDeletionVeto {

	/** Why the account cannot be deleted now, if it cannot. */
	Optional<String> reasonToKeep(UUID userId);

}
