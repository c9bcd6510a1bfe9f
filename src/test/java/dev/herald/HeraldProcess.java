package dev.herald;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Herald as a separate JVM, started the way an operator starts it
 * ({@code java ... dev.herald.HeraldApplication}) with the test's classes, for tests that
 * need what one JVM cannot show: a crash (a SIGKILL, so nothing runs on the way out), a
 * restart on the same data, two instances over one database. Each process has its own
 * data directory (its embedded PostgreSQL and development secrets) and port, kept across
 * restarts; {@link #close()} kills it and the PostgreSQL it may have left running, and
 * deletes its data. A JVM that exits without closing its processes kills them on the way
 * out.
 */
public final class HeraldProcess implements AutoCloseable {

	/** The JVM options {@code ./herald} runs Herald with. */
	public static final List<String> HERALD_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx512m", "-Xss512k",
			"-XX:ReservedCodeCacheSize=96m");

	/**
	 * What a test's Herald runs with unless told otherwise: {@code ./herald}'s options,
	 * compiled by C1 only, which starts sooner on a busy machine.
	 */
	public static final List<String> DEFAULT_JVM_OPTIONS = Stream
		.concat(HERALD_JVM_OPTIONS.stream(), Stream.of("-XX:TieredStopAtLevel=1"))
		.toList();

	/** Variables of the parent's environment that would change what the child does. */
	private static final List<String> CLEARED_ENVIRONMENT = List.of("DATABASE_URL", "DATABASE_USERNAME",
			"DATABASE_PASSWORD", "HERALD_DATA_DIR", "PORT", "ENVIRONMENT", "SMTP_HOST", "JWT_SECRET", "SECRET_KEY",
			"ENCRYPTION_KEY", "API_BASE_URL", "JAVA_TOOL_OPTIONS", "LOG_FORMAT");

	private static final Set<HeraldProcess> OPEN = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(Thread.ofPlatform().name("herald-process-cleanup").unstarted(() -> OPEN.forEach((p) -> {
				try {
					p.close();
				}
				catch (RuntimeException ex) {
					// best effort on the way out
				}
			})));
	}

	private final String name;

	private final Path dataDirectory;

	private final Path logDirectory;

	private final int port;

	private final int embeddedPort;

	private final Map<String, String> settings = new LinkedHashMap<>();

	private final Map<String, String> environment = new LinkedHashMap<>();

	private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private @Nullable Process process;

	private int starts;

	private boolean closed;

	private HeraldProcess(String name, Path dataDirectory, Path logDirectory) {
		this.name = name;
		this.dataDirectory = dataDirectory;
		this.logDirectory = logDirectory;
		this.port = freePort();
		this.embeddedPort = freePort();
		OPEN.add(this);
	}

	/**
	 * A Herald on a new data directory (reachable by {@code nobody}, whom its embedded
	 * PostgreSQL runs as when the tests run as root), not started yet. Its logs go to
	 * {@code target/herald-processes/<name>-<start>.log} when there is a {@code target}
	 * directory, else beside the data.
	 */
	public static HeraldProcess create(String name) {
		try {
			Path data = Files.createTempDirectory("herald-" + name + "-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
			Path logs = Files.isDirectory(Path.of("target")) ? Path.of("target", "herald-processes").toAbsolutePath()
					: data.resolveSibling(data.getFileName() + "-logs");
			Files.createDirectories(logs);
			return new HeraldProcess(name, data, logs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Passes {@code --name=value} to Herald. */
	public HeraldProcess setting(String name, Object value) {
		this.settings.put(name, String.valueOf(value));
		return this;
	}

	/** Sets a variable of Herald's environment. */
	public HeraldProcess environment(String name, String value) {
		this.environment.put(name, value);
		return this;
	}

	/** Replaces the JVM options ({@link #DEFAULT_JVM_OPTIONS}). */
	public HeraldProcess jvmOptions(List<String> options) {
		this.jvmOptions = List.copyOf(options);
		return this;
	}

	/**
	 * Uses the database of another Herald (which must have started: it runs the embedded
	 * PostgreSQL) and its secrets, so that both read each other's tokens and sealed
	 * secrets: two instances of one installation.
	 */
	public HeraldProcess sharingDatabaseOf(HeraldProcess first) {
		environment("DATABASE_URL", first.databaseUrl());
		Path secrets = first.dataDirectory.resolve("secrets");
		try (Stream<Path> files = Files.list(secrets)) {
			Path target = Files.createDirectories(this.dataDirectory.resolve("secrets"));
			for (Path file : files.toList()) {
				Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy the secrets of " + first.name, ex);
		}
		return this;
	}

	/**
	 * Starts Herald (again, after {@link #kill()} or {@link #stop()}) and waits until
	 * {@code /health/ready} answers 200.
	 * @throws IllegalStateException when Herald exits or is not ready in time, with the
	 * end of its log
	 */
	public HeraldProcess start() {
		return start(Duration.ofMinutes(3));
	}

	public HeraldProcess start(Duration timeout) {
		if (isAlive()) {
			throw new IllegalStateException(this.name + " runs already");
		}
		this.starts++;
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(this.jvmOptions);
		command.add("-cp");
		command.add(classpath());
		command.add("dev.herald.HeraldApplication");
		command.add("--server.port=" + this.port);
		command.add("--herald.data-dir=" + this.dataDirectory);
		command.add("--herald.database.embedded-port=" + this.embeddedPort);
		this.settings.forEach((key, value) -> command.add("--" + key + "=" + value));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log().toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		CLEARED_ENVIRONMENT.forEach(builder.environment()::remove);
		builder.environment().putAll(this.environment);
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + this.name, ex);
		}
		awaitReady(timeout);
		return this;
	}

	private void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest ready = HttpRequest.newBuilder(url().resolve("/health/ready"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			Process running = this.process;
			if (running == null || !running.isAlive()) {
				throw new IllegalStateException(this.name + " exited during start-up" + logTail());
			}
			try {
				if (this.http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while " + this.name + " started", ex);
			}
			try {
				running.waitFor(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while " + this.name + " started", ex);
			}
		}
		throw new IllegalStateException(this.name + " was not ready in " + timeout + logTail());
	}

	/**
	 * The test JVM's class path without its test classes, so that Herald runs its own
	 * beans only (a test configuration must not be found by its component scan).
	 */
	private static String classpath() {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.isBlank())
			.filter((entry) -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
			.collect(Collectors.joining(File.pathSeparator));
	}

	/**
	 * Kills Herald at once (SIGKILL): nothing of it runs on the way out, as when the
	 * machine loses power under it or the kernel's OOM killer picks it. Its embedded
	 * PostgreSQL, a process of its own, keeps running, and the next start takes it over.
	 */
	public void kill() {
		Process running = this.process;
		if (running != null) {
			running.destroyForcibly();
			waitFor(running, Duration.ofSeconds(30));
		}
	}

	/** Stops Herald as an operator does (SIGTERM), and waits until it has exited. */
	public void stop() {
		Process running = this.process;
		if (running != null && running.isAlive()) {
			running.destroy();
			if (!waitFor(running, Duration.ofSeconds(60))) {
				running.destroyForcibly();
				waitFor(running, Duration.ofSeconds(30));
			}
		}
	}

	private static boolean waitFor(Process process, Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public boolean isAlive() {
		Process running = this.process;
		return running != null && running.isAlive();
	}

	/** {@code http://127.0.0.1:<port>}, the same across restarts. */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	public long pid() {
		Process running = this.process;
		if (running == null) {
			throw new IllegalStateException(this.name + " has not started");
		}
		return running.pid();
	}

	/**
	 * Runs a diagnostic command in Herald's JVM ({@code jcmd <pid> ...}), for example
	 * {@code JFR.start}; a failure is printed, not thrown: a benchmark goes on without
	 * its profile.
	 */
	public void jcmd(String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid())));
		line.addAll(List.of(command));
		Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (jcmd.waitFor() != 0) {
			System.out.println("jcmd " + String.join(" ", command) + " failed: " + output);
		}
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/** The log of the latest start. */
	public Path log() {
		return this.logDirectory.resolve(this.name + "-" + this.starts + ".log");
	}

	/**
	 * The address of the embedded PostgreSQL this Herald runs (when it has no
	 * {@code DATABASE_URL} of its own), for a second instance or a test to use.
	 */
	public String databaseUrl() {
		return "postgresql://postgres@localhost:" + this.embeddedPort + "/postgres";
	}

	/**
	 * A line of {@code /proc/<pid>/status} in kilobytes: {@code VmHWM} is the peak
	 * resident memory, {@code VmRSS} the current.
	 */
	public long procStatusKilobytes(String field) {
		try {
			return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))
				.stream()
				.filter((line) -> line.startsWith(field + ":"))
				.map((line) -> Long.parseLong(line.replaceAll("\\D+", "")))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No " + field + " in /proc/" + pid() + "/status"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The last lines of the latest log, to say why a start failed. */
	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
			return "\nLast lines of " + log() + ":\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return " (no log at " + log() + ")";
		}
	}

	/** Kills Herald, stops any PostgreSQL it left running and deletes its data. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		OPEN.remove(this);
		stop();
		stopLeftoverPostgres();
		deleteTree(this.dataDirectory);
	}

	/**
	 * A Herald that was killed leaves its embedded PostgreSQL running: stops it (SIGTERM,
	 * a smart shutdown, which ends at once as no client is left).
	 */
	private void stopLeftoverPostgres() {
		Path pidFile = this.dataDirectory.resolve("postgres").resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		try {
			long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
			Optional<ProcessHandle> postgres = ProcessHandle.of(pid)
				.filter((handle) -> handle.info().command().map((c) -> c.endsWith("postgres")).orElse(true));
			postgres.ifPresent((handle) -> {
				handle.destroy();
				try {
					handle.onExit().get(30, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					handle.destroyForcibly();
				}
			});
		}
		catch (IOException | RuntimeException ex) {
			// nothing readable: nothing to stop
		}
	}

	private static void deleteTree(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// a temporary directory: left for the system to clean
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

	@Override
	public String toString() {
		return this.name + " on " + url() + (isAlive() ? " (pid " + pid() + ")" : " (not running)");
	}

}
