package dev.herald.common.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.ErrorDetail;
import dev.herald.common.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Translates every failure once, at the edge: API requests get the error envelope with a
 * message that says what to fix; dashboard pages get the error page. Unknown failures are
 * logged with the request id and answered without their message.
 */
@ControllerAdvice
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final ErrorResponses errors;

	ApiExceptionHandler(ErrorResponses errors) {
		this.errors = errors;
	}

	@ExceptionHandler(ApiError.class)
	Object apiError(ApiError error, HttpServletRequest request) {
		return answer(error, request);
	}

	@ExceptionHandler(BindException.class)
	Object invalidBody(BindException ex, HttpServletRequest request) {
		List<ErrorDetail> details = new ArrayList<>();
		for (FieldError field : ex.getFieldErrors()) {
			details.add(new ErrorDetail(field.getField(), describe(field)));
		}
		ex.getGlobalErrors().forEach((error) -> details.add(new ErrorDetail("", error.getDefaultMessage())));
		return answer(validation(details), request);
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	Object invalidParameters(HandlerMethodValidationException ex, HttpServletRequest request) {
		List<ErrorDetail> details = new ArrayList<>();
		ex.getParameterValidationResults()
			.forEach((result) -> result.getResolvableErrors()
				.forEach((error) -> details
					.add(new ErrorDetail(result.getMethodParameter().getParameterName(), error.getDefaultMessage()))));
		return answer(validation(details), request);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	Object unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		Throwable cause = ex.getCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			String known = unknown.getKnownPropertyIds()
				.stream()
				.map(String::valueOf)
				.sorted()
				.collect(Collectors.joining(", "));
			return answer(validation(List.of(new ErrorDetail(path(unknown), "Unknown field: the fields are " + known))),
					request);
		}
		if (cause instanceof InvalidFormatException format && format.getTargetType() != null
				&& format.getTargetType().isEnum()) {
			String allowed = Arrays.stream(format.getTargetType().getEnumConstants())
				.map(String::valueOf)
				.collect(Collectors.joining(", "));
			return answer(validation(List.of(new ErrorDetail(path(format), "Must be one of: " + allowed))), request);
		}
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String expected = (mismatch.getTargetType() != null) ? expected(mismatch.getTargetType()) : "another type";
			return answer(validation(List.of(new ErrorDetail(path(mismatch), "Must be " + expected))), request);
		}
		if (cause instanceof StreamReadException || cause instanceof JacksonException) {
			return answer(new ApiError(ErrorCode.VALIDATION_ERROR,
					"The request body is not valid JSON: check quotes, commas and brackets"), request);
		}
		if (cause instanceof BodyLimitFilter.BodyTooLarge) {
			return answer(new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is over the size limit"),
					request);
		}
		return answer(new ApiError(ErrorCode.VALIDATION_ERROR, "The request body is missing: send a JSON object"),
				request);
	}

	@ExceptionHandler(BodyLimitFilter.BodyTooLarge.class)
	Object tooLarge(HttpServletRequest request) {
		return answer(new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is over the size limit"), request);
	}

	@ExceptionHandler(MaxUploadSizeExceededException.class)
	Object uploadTooLarge(MaxUploadSizeExceededException ex, HttpServletRequest request) {
		return answer(new ApiError(ErrorCode.PAYLOAD_TOO_LARGE,
				(ex.getMaxUploadSize() > 0)
						? "The upload is larger than " + DataSize.ofBytes(ex.getMaxUploadSize()).toMegabytes()
								+ " MB, the largest file Herald takes: compress or shorten it"
						: "The upload is over the size limit"),
				request);
	}

	@ExceptionHandler(MissingServletRequestPartException.class)
	Object missingPart(MissingServletRequestPartException ex, HttpServletRequest request) {
		return answer(
				validation(List.of(new ErrorDetail(ex.getRequestPartName(),
						"Is missing: send the file as the multipart/form-data part named " + ex.getRequestPartName()))),
				request);
	}

	@ExceptionHandler(MultipartException.class)
	Object badMultipart(HttpServletRequest request) {
		return answer(new ApiError(ErrorCode.VALIDATION_ERROR,
				"The upload is not a complete multipart/form-data request: send the file as the part named file"),
				request);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	Object unsupportedType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request) {
		String supported = ex.getSupportedMediaTypes().isEmpty() ? "application/json"
				: ex.getSupportedMediaTypes()
					.stream()
					.map((type) -> type.getType() + "/" + type.getSubtype())
					.distinct()
					.collect(java.util.stream.Collectors.joining(" or "));
		return answer(new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
				"Content-Type " + ((ex.getContentType() != null) ? ex.getContentType().toString() : "(none)")
						+ " is not accepted here: send " + supported),
				request);
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	Object notAcceptable(HttpServletRequest request) {
		return answer(new ApiError(ErrorCode.NOT_ACCEPTABLE, "This endpoint answers application/json"), request);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	Object methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request) {
		String allowed = (ex.getSupportedMethods() != null) ? String.join(", ", ex.getSupportedMethods()) : "none";
		return answer(new ApiError(ErrorCode.METHOD_NOT_ALLOWED,
				ex.getMethod() + " is not allowed here; allowed: " + allowed), request);
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	Object missingParameter(MissingServletRequestParameterException ex, HttpServletRequest request) {
		return answer(ApiError.invalid(ex.getParameterName(), "Required query parameter is missing"), request);
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	Object missingHeader(MissingRequestHeaderException ex, HttpServletRequest request) {
		return answer(ApiError.invalid(ex.getHeaderName(), "Required header is missing"), request);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	Object typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
		String expected = (ex.getRequiredType() != null) ? expected(ex.getRequiredType()) : "another type";
		return answer(ApiError.invalid(ex.getName(), "Must be " + expected), request);
	}

	@ExceptionHandler(NoResourceFoundException.class)
	Object noResource(HttpServletRequest request) {
		return answer(new ApiError(ErrorCode.NOT_FOUND,
				"No endpoint " + request.getMethod() + " " + request.getRequestURI() + ": see /docs for the API"),
				request);
	}

	@ExceptionHandler(AccessDeniedException.class)
	Object denied(HttpServletRequest request) {
		return answer(ApiError.forbidden("Your role does not allow this"), request);
	}

	@ExceptionHandler(AuthenticationException.class)
	Object unauthenticated(HttpServletRequest request) {
		return answer(ApiError.unauthorized("Authentication is required"), request);
	}

	@ExceptionHandler(Exception.class)
	Object unexpected(Exception ex, HttpServletRequest request) {
		log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return answer(new ApiError(ErrorCode.INTERNAL_ERROR,
				"Something went wrong on our side; quote the request id if you report it"), request);
	}

	private Object answer(ApiError error, HttpServletRequest request) {
		if (!isApi(request)) {
			ModelAndView page = new ModelAndView("error");
			page.setStatus(error.code().status());
			page.addObject("status", error.code().status().value());
			page.addObject("message", (error.code() == ErrorCode.INTERNAL_ERROR) ? error.getMessage()
					: error.getMessage().replace(": see /docs for the API", ""));
			return page;
		}
		HttpHeaders headers = new HttpHeaders();
		if (error.retryAfter() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, error.retryAfter().toSeconds())));
		}
		return new ResponseEntity<>(this.errors.envelope(error), headers,
				HttpStatus.valueOf(error.code().status().value()));
	}

	static boolean isApi(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return uri.startsWith("/api/") || uri.startsWith("/v3/") || uri.startsWith("/health")
				|| uri.startsWith("/actuator");
	}

	private static ApiError validation(List<ErrorDetail> details) {
		return new ApiError(ErrorCode.VALIDATION_ERROR, "Invalid request parameters", details, null);
	}

	private static String describe(FieldError field) {
		if (field.isBindingFailure()) {
			return "Has the wrong type";
		}
		return (field.getDefaultMessage() != null) ? field.getDefaultMessage() : "Is invalid";
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String expected(Class<?> type) {
		if (type == String.class) {
			return "a string";
		}
		if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == java.util.UUID.class) {
			return "an id (UUID)";
		}
		if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
			return "an ISO-8601 date-time with offset, like 2026-01-15T10:00:00Z";
		}
		if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		if (type.isEnum()) {
			return "one of: "
					+ Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
		}
		return "an object";
	}

}
