package dev.herald.common.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.ErrorDetail;

import org.springframework.ui.Model;

/**
 * Shows a service's refusal on a dashboard page: its message above the form and each
 * field's message next to the field. Services write their messages for people, but some
 * name the API endpoint to call; on a page those endings are dropped.
 */
public final class FormErrors {

	/** The model attribute with the message shown above the form. */
	public static final String ERROR = "formError";

	/** The model attribute with the messages per field. */
	public static final String FIELDS = "fieldErrors";

	private static final Pattern API_IN_PARENS = Pattern.compile("\\s*\\((?:GET|POST|PUT|PATCH|DELETE) /api/[^)]*\\)");

	private static final Pattern API_AT_END = Pattern
		.compile("(?::| with)?\\s*(?:GET|POST|PUT|PATCH|DELETE) /api/\\S+$");

	private FormErrors() {
	}

	/** Puts the refusal's messages into the model. */
	public static void show(Model model, ApiError error) {
		model.addAttribute(ERROR, message(error));
		model.addAttribute(FIELDS, fields(error));
	}

	/** Puts one message into the model, for refusals the page itself finds. */
	public static void show(Model model, String field, String message) {
		show(model, ApiError.invalid(field, message));
	}

	/** The message to show above the form. */
	public static String message(ApiError error) {
		if (error.code() == ErrorCode.VALIDATION_ERROR && !error.details().isEmpty()) {
			return (error.details().size() == 1) ? error.details().getFirst().message()
					: "Check the fields marked below.";
		}
		String message = API_IN_PARENS.matcher(error.getMessage()).replaceAll("");
		message = API_AT_END.matcher(message).replaceAll("");
		return message.replace("Start with POST /api/v1/auth/2fa/setup", "Start the set-up again");
	}

	/**
	 * The messages per field, under the field's path ({@code goals.followers}) and under
	 * its first segment ({@code goals}), so that a page can show them either way.
	 */
	public static Map<String, String> fields(ApiError error) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (ErrorDetail detail : error.details()) {
			fields.putIfAbsent(detail.field(), detail.message());
			String root = detail.field().split("[.\\[]", 2)[0];
			fields.putIfAbsent(root, detail.message());
		}
		return fields;
	}

}
