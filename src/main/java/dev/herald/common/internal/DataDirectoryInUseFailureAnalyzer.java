package dev.herald.common.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says plainly, instead of with a stack trace, that another Herald holds the data
 * directory.
 */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUse> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUse cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Stop the other Herald, or set HERALD_DATA_DIR (and PORT) to run a second one beside it.", cause);
	}

}
