package dev.herald.identity.internal;

import java.util.List;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import dev.herald.common.ApiError;

import org.springframework.stereotype.Component;

/**
 * What a password must be: long enough, not too long for bcrypt, and not guessable.
 * zxcvbn measures guessability against its lists of common passwords, names, words and
 * keyboard patterns, and against the user's own email and name; a score under 3 is
 * refused with its advice.
 */
@Component
class PasswordPolicy {

	static final int MAX_LENGTH = 72;

	private final Zxcvbn zxcvbn = new Zxcvbn();

	private final int minLength;

	PasswordPolicy(IdentitySettings settings) {
		this.minLength = settings.minPasswordLength();
	}

	void check(String field, String password, String email, String name) {
		if (password.length() < this.minLength) {
			throw ApiError.invalid(field, "Must be at least " + this.minLength + " characters");
		}
		if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
			throw ApiError.invalid(field, "Must be at most " + MAX_LENGTH + " bytes");
		}
		Strength strength = this.zxcvbn.measure(password, List.of(email, email.split("@")[0], name, "herald"));
		if (strength.getScore() < 3) {
			String warning = strength.getFeedback().getWarning();
			List<String> suggestions = strength.getFeedback().getSuggestions();
			StringBuilder message = new StringBuilder("Too easy to guess");
			if (warning != null && !warning.isBlank()) {
				message.append(": ").append(warning.replaceAll("\\.$", ""));
			}
			message.append(". ");
			message.append(suggestions.isEmpty() ? "Add another word or two; uncommon words are better."
					: String.join(" ", suggestions));
			throw ApiError.invalid(field, message.toString().strip());
		}
	}

}
