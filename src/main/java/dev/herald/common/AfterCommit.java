package dev.herald.common;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that must not happen before the caller's transaction is committed: an email about
 * a row others cannot see yet, a queue fed with what may still roll back.
 */
public final class AfterCommit {

	private AfterCommit() {
	}

	/**
	 * Runs {@code action} once the caller's transaction has committed (not at all if it
	 * rolls back), or now when there is none.
	 */
	public static void run(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

}
