package dev.herald.common.internal;

import java.nio.file.Path;

/**
 * Start-up refused: another Herald holds the data directory.
 */
class DataDirectoryInUse extends IllegalStateException {

	DataDirectoryInUse(Path dataDirectory) {
		super("Another Herald is using the data directory " + dataDirectory
				+ ": stop it first, or give this one its own HERALD_DATA_DIR");
	}

}
