package dev.herald.media.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The working directory of uploads and processing, {@code <data>/media/system/temp} (the
 * {@code system/temp} of SPEC.md's layout): staged uploads, ffmpeg's output, cached
 * copies of stored objects. Files there a day old are removed by the cleanup job, so that
 * a crash mid-upload leaves nothing behind for long.
 */
final class TempFiles {

	private static final Logger log = LoggerFactory.getLogger(TempFiles.class);

	private final Path directory;

	private final Duration retention;

	private final Clock clock;

	TempFiles(Path directory, Duration retention, Clock clock) {
		this.directory = directory.toAbsolutePath().normalize();
		this.retention = retention;
		this.clock = clock;
	}

	Path directory() {
		return this.directory;
	}

	/** Removes the files last changed before the retention; answers how many. */
	int cleanUp() throws IOException {
		if (!Files.isDirectory(this.directory)) {
			return 0;
		}
		Instant cutoff = Instant.now(this.clock).minus(this.retention);
		int removed = 0;
		try (Stream<Path> files = Files.walk(this.directory)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				try {
					if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
						removed++;
					}
				}
				catch (IOException ex) {
					log.warn("Could not remove the temporary file {}: {}", file, ex.getMessage());
				}
			}
		}
		return removed;
	}

}
