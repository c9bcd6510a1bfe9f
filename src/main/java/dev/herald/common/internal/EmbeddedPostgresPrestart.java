package dev.herald.common.internal;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the embedded PostgreSQL on a background thread as soon as the configuration is
 * known, so that it boots while Spring reads the application's classes instead of after;
 * the data source then takes the running server. Registered by
 * {@code HeraldApplication.main} only: tests, which start Herald without {@code main},
 * start the server when the data source is created.
 */
public final class EmbeddedPostgresPrestart implements ApplicationListener<SpringApplicationEvent> {

	private static final ConcurrentMap<Path, CompletableFuture<EmbeddedPostgresServer>> STARTING = new ConcurrentHashMap<>();

	@Override
	public void onApplicationEvent(SpringApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			begin(prepared.getEnvironment());
		}
		else if (event instanceof ApplicationFailedEvent) {
			// start-up failed before the data source took the server: stop it rather than
			// orphan it
			STARTING.values().forEach((server) -> server.thenAccept(EmbeddedPostgresServer::close));
			STARTING.clear();
		}
	}

	private void begin(ConfigurableEnvironment environment) {
		String url = environment.getProperty("herald.database.url", "");
		if (!url.isBlank()) {
			return;
		}
		Path directory = clusterDirectory(Path.of(environment.getProperty("herald.data-dir", "./data")));
		int port = environment.getProperty("herald.database.embedded-port", Integer.class, 54329);
		STARTING.computeIfAbsent(directory,
				(dir) -> CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.start(dir, port),
						(task) -> Thread.ofPlatform().name("postgres-start").start(task)));
	}

	/** The server started early for this directory, or a server started now. */
	static EmbeddedPostgresServer take(Path dataDirectory, int port) {
		Path directory = clusterDirectory(dataDirectory);
		CompletableFuture<EmbeddedPostgresServer> started = STARTING.remove(directory);
		if (started == null) {
			return EmbeddedPostgresServer.start(directory, port);
		}
		try {
			return started.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private static Path clusterDirectory(Path dataDirectory) {
		return dataDirectory.resolve("postgres").toAbsolutePath().normalize();
	}

}
