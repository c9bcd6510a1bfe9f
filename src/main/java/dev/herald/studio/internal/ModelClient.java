package dev.herald.studio.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.google.genai.Client;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.SecretTokens;
import dev.herald.studio.WorkspaceAiProviderChanged;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.google.genai.GoogleGenAiChatModel;
import org.springframework.ai.google.genai.GoogleGenAiChatOptions;
import org.springframework.ai.google.genai.metadata.GoogleGenAiUsage;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.context.event.EventListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Talks to the generative models: an OpenAI-compatible endpoint, Anthropic or Google
 * Gemini through Spring AI, the server's provider or a workspace's own, each model built
 * by hand with its SDK's own retries off, so that every failure is classified here once,
 * whichever SDK raised it. A refused key or request is the provider's error (502, saying
 * what to fix); a busy (429, Anthropic's 529) or failing (5xx, no answer in time)
 * provider is tried again with backoff, following its {@code retry-after} (Gemini's
 * {@code RetryInfo}), then answered as unavailable (503 with {@code Retry-After}).
 */
class ModelClient {

	private static final Logger log = LoggerFactory.getLogger(ModelClient.class);

	/** Gemini's advice in a 429's details: {@code "retryDelay": "37s"}. */
	private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+)(\\.\\d+)?s\"");

	/** The message of an error body ({@code "message": "..."}). */
	private static final Pattern ERROR_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final StudioSettings settings;

	/** A workspace's own provider, if it has one ({@link WorkspaceAiProviders#find}). */
	private final Function<UUID, Optional<WorkspaceAiProviders.Own>> ownProviders;

	/** The server's models, by provider and model. */
	private final Map<String, ChatClient> serverClients = new ConcurrentHashMap<>();

	/** Each workspace's own models, made with its current key. */
	private final Map<UUID, OwnClients> ownClients = new ConcurrentHashMap<>();

	ModelClient(StudioSettings settings, Function<UUID, Optional<WorkspaceAiProviders.Own>> ownProviders) {
		this.settings = settings;
		this.ownProviders = ownProviders;
	}

	/** What a generation is for: each task has its own model. */
	enum Task {

		/** Strategies: the strong model. */
		STRATEGY,

		/** Posts, captions, hashtags and rewrites: the fast, cheap model. */
		CONTENT

	}

	/**
	 * The model chosen for a workspace's task.
	 *
	 * @param provider who answers, as generations record it ({@code openai} for any
	 * OpenAI-compatible endpoint, {@code anthropic}, {@code gemini})
	 * @param name the model's name
	 * @param ownKey whether it is called with the workspace's own key (no AI credit is
	 * used)
	 * @param endpoint where it is reached, with which key
	 */
	record Model(String provider, String name, boolean ownKey, Endpoint endpoint) {
	}

	/**
	 * Where a model is reached and with which key. The key never leaves this class: it is
	 * not in {@link #toString()}, and any text of the provider's that repeated it is
	 * cleaned of it.
	 */
	static final class Endpoint {

		private final AiProvider provider;

		private final String baseUrl;

		private final String apiKey;

		private final @Nullable UUID workspaceId;

		private final String fingerprint;

		Endpoint(AiProvider provider, String baseUrl, String apiKey, @Nullable UUID workspaceId) {
			this.provider = provider;
			this.baseUrl = baseUrl;
			this.apiKey = apiKey;
			this.workspaceId = workspaceId;
			this.fingerprint = SecretTokens.hash(provider.id() + "\u0000" + baseUrl + "\u0000" + apiKey);
		}

		AiProvider provider() {
			return this.provider;
		}

		String baseUrl() {
			return this.baseUrl;
		}

		/** The workspace whose own key this is; {@code null} for the server's. */
		@Nullable UUID workspaceId() {
			return this.workspaceId;
		}

		String host() {
			try {
				String host = URI.create(this.baseUrl).getHost();
				return (host != null) ? host : this.baseUrl;
			}
			catch (IllegalArgumentException ex) {
				return this.baseUrl;
			}
		}

		/** The text without the key, should the provider have repeated it. */
		String scrub(@Nullable String text) {
			if (text == null) {
				return "";
			}
			return (this.apiKey.length() >= 4) ? text.replace(this.apiKey, "***") : text;
		}

		@Override
		public String toString() {
			return "Endpoint[" + this.provider.id() + " " + this.baseUrl + ", "
					+ ((this.workspaceId != null) ? "workspace " + this.workspaceId + "'s own key" : "server key")
					+ "]";
		}

	}

	private record OwnClients(String fingerprint, Map<String, ChatClient> byModel) {
	}

	/**
	 * The model a workspace's task uses: the workspace's own provider when an owner or
	 * admin gave it a key, else the server's.
	 * @throws ApiError {@code AI_NOT_CONFIGURED} when neither is configured
	 */
	Model model(UUID workspaceId, Task task) {
		Optional<WorkspaceAiProviders.Own> own = this.ownProviders.apply(workspaceId);
		if (own.isPresent()) {
			WorkspaceAiProviders.Own provider = own.get();
			StudioSettings.ProviderSettings defaults = this.settings.of(provider.provider());
			String name = (task == Task.STRATEGY) ? orElse(provider.strongModel(), defaults.strongModel())
					: orElse(provider.fastModel(), defaults.fastModel());
			String baseUrl = orElse(provider.baseUrl(), provider.provider().officialUrl());
			return new Model(provider.provider().id(), name, true,
					new Endpoint(provider.provider(), baseUrl, provider.apiKey(), workspaceId));
		}
		// a key removed since: its models go
		this.ownClients.remove(workspaceId);
		AiProvider server = this.settings.serverProvider();
		if (server == null) {
			throw new ApiError(ErrorCode.AI_NOT_CONFIGURED, "No AI provider is configured: set OPENAI_API_KEY (and "
					+ "OPENAI_BASE_URL for OpenRouter, Groq, vLLM or Ollama's /v1), ANTHROPIC_API_KEY or GEMINI_API_KEY "
					+ "(AI_PROVIDER=openai, anthropic or gemini chooses when several are set) and restart Herald; or an "
					+ "owner or admin gives this workspace its own key under Settings, AI provider (PUT "
					+ "/api/v1/workspaces/" + workspaceId + "/ai-provider). Similar posts, hashtag suggestions from "
					+ "your own history and engagement predictions work without one.");
		}
		StudioSettings.ProviderSettings configured = this.settings.of(server);
		if (!configured.configured()) {
			throw new ApiError(ErrorCode.AI_NOT_CONFIGURED,
					"AI_PROVIDER is " + server.id() + " but " + server.keyVariable() + " is not set: set it (and "
							+ server.urlVariable() + " for another address than " + server.officialUrl()
							+ ") and restart Herald, or unset AI_PROVIDER to use another provider whose key is set.");
		}
		String name = (task == Task.STRATEGY) ? this.settings.serverStrongModel(server)
				: this.settings.serverFastModel(server);
		return new Model(server.id(), name, false,
				new Endpoint(server, configured.baseUrl(), Objects.requireNonNull(configured.apiKey()).strip(), null));
	}

	/** Forgets a workspace's models as soon as its own provider changes. */
	@EventListener
	void on(WorkspaceAiProviderChanged changed) {
		this.ownClients.remove(changed.workspaceId());
	}

	/**
	 * What a model answered.
	 *
	 * @param text the answer
	 * @param tokensIn tokens of the prompt, as the provider counted them
	 * @param tokensOut tokens of the answer (with a thinking model's thoughts, which are
	 * paid as output)
	 * @param attempts calls it took
	 */
	record Reply(String text, int tokensIn, int tokensOut, int attempts) {
	}

	/**
	 * Asks a model.
	 * @throws ApiError {@code AI_PROVIDER_ERROR} for a refusal or an answer that cannot
	 * be read, {@code AI_PROVIDER_UNAVAILABLE} when the provider stayed busy or down
	 */
	Reply call(Model model, List<Message> messages) {
		ChatClient client = client(model);
		Endpoint endpoint = model.endpoint();
		Duration wait = this.settings.retryBase();
		for (int attempt = 1;; attempt++) {
			Failure failure;
			try {
				ChatResponse response = client.prompt().messages(messages).call().chatResponse();
				if (response == null || response.getResult() == null || response.getResult().getOutput() == null) {
					throw new ApiError(ErrorCode.AI_PROVIDER_ERROR, "The AI provider answered without a message");
				}
				String text = response.getResult().getOutput().getText();
				Usage usage = response.getMetadata().getUsage();
				int tokensOut = tokens(usage.getCompletionTokens());
				if (usage instanceof GoogleGenAiUsage gemini) {
					// Gemini counts a thinking model's thoughts apart, and bills them as
					// output
					tokensOut += tokens(gemini.getThoughtsTokenCount());
				}
				return new Reply((text != null) ? text : "", tokens(usage.getPromptTokens()), tokensOut, attempt);
			}
			catch (ApiError error) {
				throw error;
			}
			catch (RuntimeException ex) {
				failure = failure(ex);
				if (failure == null) {
					String what = endpoint.scrub(ex.getClass().getSimpleName() + ": " + firstLine(ex.getMessage()));
					log.warn("The AI provider {} answered what Herald cannot read: {}", endpoint.provider().id(), what);
					throw new ApiError(ErrorCode.AI_PROVIDER_ERROR, "The AI provider's answer could not be read ("
							+ what + "): try again, or choose another model");
				}
			}
			int status = failure.status();
			if (status == 401 || status == 403 || failure.detail().contains("API_KEY_INVALID")) {
				throw refusedKey(endpoint, status);
			}
			if (status == 404) {
				throw new ApiError(ErrorCode.AI_PROVIDER_ERROR, "The AI provider has no model " + model.name()
						+ " (HTTP 404): "
						+ ((endpoint.workspaceId() != null)
								? "an owner or admin sets this workspace's models to ones it serves under Settings, AI provider"
								: "set AI_CONTENT_MODEL or AI_STRATEGY_MODEL to a model it serves"));
			}
			boolean rateLimited = status == 429;
			if (status != 0 && !rateLimited && status < 500) {
				throw new ApiError(ErrorCode.AI_PROVIDER_ERROR, "The AI provider refused the request (HTTP " + status
						+ ")" + ((status == 400) ? ": " + endpoint.scrub(firstLine(failure.detail())) : ""));
			}
			Duration advised = failure.retryAfter();
			Duration next = (advised != null && advised.compareTo(wait) > 0) ? advised : wait;
			String why = rateLimited ? "is rate limiting Herald"
					: (status == 0) ? "did not answer in time" : (status == 529) ? "is overloaded" : "failed";
			if (attempt >= this.settings.maxAttempts() || next.compareTo(this.settings.retryCap()) > 0) {
				throw new ApiError(ErrorCode.AI_PROVIDER_UNAVAILABLE,
						"The AI provider " + why + " (" + attempt + " attempts): try again in a minute", List.of(),
						(advised != null) ? advised : Duration.ofMinutes(1));
			}
			log.info("The AI provider {} {} (attempt {}); trying again in {} ms", endpoint.provider().id(), why,
					attempt, next.toMillis());
			try {
				// the caller waits for its answer: a virtual thread sleeping costs
				// nothing
				Thread.sleep(next);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ApiError(ErrorCode.AI_PROVIDER_UNAVAILABLE, "Interrupted while waiting for the AI provider");
			}
			wait = wait.multipliedBy(2);
		}
	}

	private static ApiError refusedKey(Endpoint endpoint, int status) {
		if (endpoint.workspaceId() != null) {
			return new ApiError(ErrorCode.AI_PROVIDER_ERROR,
					"The AI provider refused this workspace's own API key (HTTP " + status + "): an owner or admin "
							+ "replaces it under Settings, AI provider (PUT /api/v1/workspaces/"
							+ endpoint.workspaceId() + "/ai-provider), or removes it to use the server's provider");
		}
		return new ApiError(ErrorCode.AI_PROVIDER_ERROR, "The AI provider refused the API key (HTTP " + status
				+ "): set " + endpoint.provider().keyVariable() + " to a valid key for " + endpoint.host());
	}

	/**
	 * A provider's failure, whichever SDK raised it.
	 *
	 * @param status the HTTP status; 0 when no answer came (timeout, refused connection)
	 * @param retryAfter how long the provider asked to wait, if it said
	 * @param detail what the provider said (all of it: Gemini's reasons follow its
	 * message on other lines)
	 */
	private record Failure(int status, @Nullable Duration retryAfter, String detail) {
	}

	/**
	 * Finds the SDK's error, however wrapped (Gemini's model wraps it in a
	 * {@code RuntimeException}); {@code null} for anything else.
	 */
	private static @Nullable Failure failure(Throwable thrown) {
		for (Throwable ex = thrown; ex != null; ex = (ex.getCause() != ex) ? ex.getCause() : null) {
			if (ex instanceof OpenAIServiceException openai) {
				return new Failure(openai.statusCode(), seconds(openai.headers().values("retry-after")),
						text(openai.getMessage()));
			}
			if (ex instanceof AnthropicServiceException anthropic) {
				return new Failure(anthropic.statusCode(), seconds(anthropic.headers().values("retry-after")),
						message(anthropic.getMessage()));
			}
			if (ex instanceof com.google.genai.errors.ApiException gemini) {
				return new Failure(gemini.code(), retryDelay(gemini.message()), text(gemini.message()));
			}
			if (ex instanceof OpenAIIoException || ex instanceof AnthropicIoException
					|| ex instanceof GenAiIOException) {
				return new Failure(0, null, text(ex.getMessage()));
			}
		}
		return null;
	}

	private ChatClient client(Model model) {
		Endpoint endpoint = model.endpoint();
		UUID workspaceId = endpoint.workspaceId();
		if (workspaceId == null) {
			return this.serverClients.computeIfAbsent(endpoint.provider().id() + "\u0000" + model.name(),
					(key) -> build(endpoint, model.name()));
		}
		// a key changed since: the models made with the old one are dropped
		OwnClients own = this.ownClients.compute(workspaceId,
				(id, current) -> (current != null && current.fingerprint().equals(endpoint.fingerprint)) ? current
						: new OwnClients(endpoint.fingerprint, new ConcurrentHashMap<>()));
		return own.byModel().computeIfAbsent(model.name(), (name) -> build(endpoint, name));
	}

	/**
	 * A model of the provider, its SDK's retries off: they are decided in {@link #call}.
	 */
	private ChatClient build(Endpoint endpoint, String model) {
		Duration timeout = this.settings.timeout();
		ChatModel chat = switch (endpoint.provider()) {
			case OPENAI -> OpenAiChatModel.builder()
				.options(OpenAiChatOptions.builder()
					.baseUrl(endpoint.baseUrl())
					.apiKey(endpoint.apiKey)
					.model(model)
					.timeout(timeout)
					.maxRetries(0)
					.build())
				.build();
			// the SDK appends /v1/messages
			case ANTHROPIC -> AnthropicChatModel.builder()
				.options(AnthropicChatOptions.builder()
					.baseUrl(withoutSuffix(endpoint.baseUrl(), "/v1"))
					.apiKey(endpoint.apiKey)
					.model(model)
					.timeout(timeout)
					.maxRetries(0)
					.build())
				.build();
			// the SDK appends /v1beta/models/<model>:generateContent; its retry
			// interceptor makes one attempt and retries no status
			case GEMINI -> GoogleGenAiChatModel.builder()
				.genAiClient(Client.builder()
					.apiKey(endpoint.apiKey)
					.vertexAI(false)
					.httpOptions(HttpOptions.builder()
						.baseUrl(withoutSuffix(endpoint.baseUrl(), "/v1beta"))
						.timeout((int) timeout.toMillis())
						.retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build())
						.build())
					.build())
				.options(GoogleGenAiChatOptions.builder().model(model).build())
				.retryTemplate(new RetryTemplate(RetryPolicy.builder().maxRetries(0).build()))
				.build();
		};
		return ChatClient.create(chat);
	}

	private static String withoutSuffix(String url, String suffix) {
		String trimmed = url.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed.endsWith(suffix) ? trimmed.substring(0, trimmed.length() - suffix.length()) : trimmed;
	}

	private static @Nullable Duration seconds(List<String> values) {
		for (String value : values) {
			try {
				return Duration.ofSeconds(Long.parseLong(value.strip()));
			}
			catch (NumberFormatException notSeconds) {
				// an HTTP date: the backoff decides
			}
		}
		return null;
	}

	private static @Nullable Duration retryDelay(@Nullable String details) {
		if (details == null) {
			return null;
		}
		Matcher delay = RETRY_DELAY.matcher(details);
		if (!delay.find()) {
			return null;
		}
		// a fraction of a second is waited in full
		return Duration.ofSeconds(Long.parseLong(delay.group(1)) + ((delay.group(2) != null) ? 1 : 0));
	}

	/** The provider's own words from an error body, else its text's first line. */
	private static String message(@Nullable String text) {
		if (text != null) {
			Matcher message = ERROR_MESSAGE.matcher(text);
			if (message.find()) {
				return text(message.group(1).replace("\\\"", "\""));
			}
		}
		return text(text);
	}

	private static String text(@Nullable String text) {
		return (text != null) ? text : "";
	}

	private static String firstLine(@Nullable String text) {
		if (text == null) {
			return "";
		}
		int end = text.indexOf('\n');
		String line = (end >= 0) ? text.substring(0, end) : text;
		return (line.length() > 300) ? line.substring(0, 300) + "…" : line;
	}

	private static String orElse(@Nullable String value, String otherwise) {
		return (value == null || value.isBlank()) ? otherwise : value.strip();
	}

	private static int tokens(@Nullable Integer count) {
		return (count != null) ? count : 0;
	}

}
