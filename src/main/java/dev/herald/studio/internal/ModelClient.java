package dev.herald.studio.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Talks to the generative model: an OpenAI-compatible endpoint through Spring AI, built
 * by hand with the SDK's own retries off, so that every failure is classified here once.
 * A refused key or request is the provider's error (502, saying what to fix); a busy
 * (429) or failing (5xx, no answer in time) provider is tried again with backoff,
 * following its {@code retry-after}, then answered as unavailable (503 with
 * {@code Retry-After}).
 */
class ModelClient {

	private static final Logger log = LoggerFactory.getLogger(ModelClient.class);

	private final StudioSettings settings;

	private final Map<String, ChatClient> clients = new ConcurrentHashMap<>();

	ModelClient(StudioSettings settings) {
		this.settings = settings;
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
	 * OpenAI-compatible endpoint)
	 * @param name the model's name
	 */
	record Model(String provider, String name) {
	}

	/**
	 * The model a workspace's task uses.
	 * @throws ApiError {@code AI_NOT_CONFIGURED} when no provider is configured
	 */
	Model model(UUID workspaceId, Task task) {
		StudioSettings.OpenAiSettings openai = this.settings.openai();
		if (!openai.configured()) {
			throw new ApiError(ErrorCode.AI_NOT_CONFIGURED,
					"No AI provider is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for OpenRouter, Groq, vLLM "
							+ "or Ollama's /v1) and restart Herald. Similar posts, hashtag suggestions from your own "
							+ "history and engagement predictions work without one.");
		}
		return new Model("openai", (task == Task.STRATEGY) ? openai.strongModel() : openai.fastModel());
	}

	/**
	 * What a model answered.
	 *
	 * @param text the answer
	 * @param tokensIn tokens of the prompt, as the provider counted them
	 * @param tokensOut tokens of the answer
	 * @param attempts calls it took
	 */
	record Reply(String text, int tokensIn, int tokensOut, int attempts) {
	}

	/**
	 * Asks a model.
	 * @throws ApiError {@code AI_NOT_CONFIGURED} without a key, {@code AI_PROVIDER_ERROR}
	 * for a refusal, {@code AI_PROVIDER_UNAVAILABLE} when the provider stayed busy or
	 * down
	 */
	Reply call(Model model, List<Message> messages) {
		ChatClient client = client(model.name());
		Duration wait = this.settings.retryBase();
		for (int attempt = 1;; attempt++) {
			try {
				ChatResponse response = client.prompt().messages(messages).call().chatResponse();
				if (response == null || response.getResult() == null || response.getResult().getOutput() == null) {
					throw new ApiError(ErrorCode.AI_PROVIDER_ERROR, "The AI provider answered without a message");
				}
				String text = response.getResult().getOutput().getText();
				Usage usage = response.getMetadata().getUsage();
				return new Reply((text != null) ? text : "", tokens(usage.getPromptTokens()),
						tokens(usage.getCompletionTokens()), attempt);
			}
			catch (UnauthorizedException | PermissionDeniedException refused) {
				throw new ApiError(ErrorCode.AI_PROVIDER_ERROR, "The AI provider refused the API key (HTTP "
						+ refused.statusCode() + "): set OPENAI_API_KEY to a valid key for " + host());
			}
			catch (NotFoundException missing) {
				throw new ApiError(ErrorCode.AI_PROVIDER_ERROR, "The AI provider has no model " + model.name()
						+ " (HTTP 404): set AI_CONTENT_MODEL or AI_STRATEGY_MODEL to a model it serves");
			}
			catch (BadRequestException refused) {
				throw new ApiError(ErrorCode.AI_PROVIDER_ERROR,
						"The AI provider refused the request (HTTP 400): " + refused.getMessage());
			}
			catch (OpenAIServiceException | OpenAIIoException busy) {
				boolean rateLimited = busy instanceof RateLimitException;
				if (busy instanceof OpenAIServiceException service && !rateLimited && service.statusCode() < 500) {
					throw new ApiError(ErrorCode.AI_PROVIDER_ERROR,
							"The AI provider refused the request (HTTP " + service.statusCode() + ")");
				}
				Duration advised = retryAfter(busy);
				Duration next = (advised != null && advised.compareTo(wait) > 0) ? advised : wait;
				String why = rateLimited ? "is rate limiting Herald"
						: (busy instanceof OpenAIIoException) ? "did not answer in time" : "failed";
				if (attempt >= this.settings.maxAttempts() || next.compareTo(this.settings.retryCap()) > 0) {
					throw new ApiError(ErrorCode.AI_PROVIDER_UNAVAILABLE,
							"The AI provider " + why + " (" + attempt + " attempts): try again in a minute", List.of(),
							(advised != null) ? advised : Duration.ofMinutes(1));
				}
				log.info("The AI provider {} (attempt {}); trying again in {} ms", why, attempt, next.toMillis());
				try {
					// the caller waits for its answer: a virtual thread sleeping costs
					// nothing
					Thread.sleep(next);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new ApiError(ErrorCode.AI_PROVIDER_UNAVAILABLE,
							"Interrupted while waiting for the AI provider");
				}
				wait = wait.multipliedBy(2);
			}
		}
	}

	private ChatClient client(String model) {
		StudioSettings.OpenAiSettings openai = this.settings.openai();
		return this.clients.computeIfAbsent(model,
				(name) -> ChatClient.create(OpenAiChatModel.builder()
					.options(OpenAiChatOptions.builder()
						.baseUrl(openai.baseUrl())
						.apiKey(openai.apiKey())
						.model(name)
						.timeout(this.settings.timeout())
						// retries are decided here, where each failure is classified
						.maxRetries(0)
						.build())
					.build()));
	}

	private String host() {
		return java.net.URI.create(this.settings.openai().baseUrl()).getHost();
	}

	private static @Nullable Duration retryAfter(RuntimeException ex) {
		if (ex instanceof OpenAIServiceException service) {
			for (String value : service.headers().values("retry-after")) {
				try {
					return Duration.ofSeconds(Long.parseLong(value.strip()));
				}
				catch (NumberFormatException notSeconds) {
					// an HTTP date: the backoff decides
				}
			}
		}
		return null;
	}

	private static int tokens(@Nullable Integer count) {
		return (count != null) ? count : 0;
	}

}
