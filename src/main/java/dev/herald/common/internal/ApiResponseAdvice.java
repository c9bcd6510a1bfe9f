package dev.herald.common.internal;

import java.time.Clock;
import java.time.Instant;

import dev.herald.common.ApiResponse;
import dev.herald.common.RequestIds;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Adds the request id and the time to the {@code meta} of every success envelope.
 */
@ControllerAdvice
class ApiResponseAdvice implements ResponseBodyAdvice<Object> {

	private final Clock clock;

	ApiResponseAdvice(Clock clock) {
		this.clock = clock;
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (body instanceof ApiResponse<?> envelope) {
			envelope.meta().put("requestId", RequestIds.current());
			envelope.meta().put("timestamp", Instant.now(this.clock));
		}
		return body;
	}

}
