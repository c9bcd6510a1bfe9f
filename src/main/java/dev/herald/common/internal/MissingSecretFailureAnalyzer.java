package dev.herald.common.internal;

import dev.herald.common.MissingSecret;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing production secret into a start-up message that names the variable,
 * instead of a stack trace.
 */
class MissingSecretFailureAnalyzer extends AbstractFailureAnalyzer<MissingSecret> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingSecret cause) {
		return new FailureAnalysis(cause.getMessage(), "Set the environment variable " + cause.variable()
				+ " and start Herald again, or run without ENVIRONMENT=production for local use.", cause);
	}

}
