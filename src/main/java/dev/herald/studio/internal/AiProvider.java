package dev.herald.studio.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of provider the studio speaks to, each through its own Spring AI model and
 * SDK, with the environment variables that configure the server's.
 */
public enum AiProvider {

	/** Any OpenAI-compatible endpoint: OpenAI, OpenRouter, Groq, vLLM, Ollama's /v1. */
	OPENAI("openai", "OpenAI-compatible", "OPENAI_API_KEY", "OPENAI_BASE_URL", "https://api.openai.com/v1"),

	/** Anthropic's Messages API. */
	ANTHROPIC("anthropic", "Anthropic", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "https://api.anthropic.com"),

	/** Google's Gemini API (Google AI Studio keys). */
	GEMINI("gemini", "Google Gemini", "GEMINI_API_KEY", "GEMINI_BASE_URL", "https://generativelanguage.googleapis.com");

	private final String id;

	private final String displayName;

	private final String keyVariable;

	private final String urlVariable;

	private final String officialUrl;

	AiProvider(String id, String displayName, String keyVariable, String urlVariable, String officialUrl) {
		this.id = id;
		this.displayName = displayName;
		this.keyVariable = keyVariable;
		this.urlVariable = urlVariable;
		this.officialUrl = officialUrl;
	}

	/** How generations record it and the API names it: {@code openai}. */
	public String id() {
		return this.id;
	}

	/** How people call it. */
	public String displayName() {
		return this.displayName;
	}

	/** The environment variable of the server's key. */
	String keyVariable() {
		return this.keyVariable;
	}

	/** The environment variable of the server's base URL. */
	String urlVariable() {
		return this.urlVariable;
	}

	/** The provider's own API, where a workspace's key goes when it names no other. */
	public String officialUrl() {
		return this.officialUrl;
	}

	/** The provider of this name ({@code openai}, {@code anthropic}, {@code gemini}). */
	public static Optional<AiProvider> of(@Nullable String name) {
		if (name == null) {
			return Optional.empty();
		}
		String wanted = name.strip().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((provider) -> provider.id.equals(wanted)).findFirst();
	}

	/** {@code openai, anthropic or gemini}, for messages. */
	public static String names() {
		return "openai, anthropic or gemini";
	}

}
