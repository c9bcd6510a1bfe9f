package dev.herald.common.internal;

import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.ErrorResponses;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers what the container forwards to {@code /error} (failures outside any
 * controller): the error envelope for the API, the error page for the dashboard; never a
 * stack trace.
 */
@Controller
class ErrorPageController implements ErrorController {

	private final ErrorResponses errors;

	ErrorPageController(ErrorResponses errors) {
		this.errors = errors;
	}

	@RequestMapping("/error")
	Object error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 500);
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		ErrorCode errorCode = switch (status) {
			case NOT_FOUND -> ErrorCode.NOT_FOUND;
			case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED;
			case FORBIDDEN -> ErrorCode.FORBIDDEN;
			case CONTENT_TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE;
			case UNSUPPORTED_MEDIA_TYPE -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
			case METHOD_NOT_ALLOWED -> ErrorCode.METHOD_NOT_ALLOWED;
			case BAD_REQUEST, UNPROCESSABLE_CONTENT -> ErrorCode.VALIDATION_ERROR;
			default -> ErrorCode.INTERNAL_ERROR;
		};
		String message = switch (errorCode) {
			case NOT_FOUND -> "Nothing here";
			case VALIDATION_ERROR -> "The request is malformed";
			case INTERNAL_ERROR -> "Something went wrong on our side; quote the request id if you report it";
			default -> status.getReasonPhrase();
		};
		ApiError error = new ApiError(errorCode, message);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path && (path.startsWith("/api/") || path.startsWith("/health"))) {
			return ResponseEntity.status(errorCode.status()).body(this.errors.envelope(error));
		}
		ModelAndView page = new ModelAndView("error");
		page.setStatus(status);
		page.addObject("status", status.value());
		page.addObject("message", message);
		return page;
	}

}
