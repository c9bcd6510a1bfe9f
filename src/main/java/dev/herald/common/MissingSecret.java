package dev.herald.common;

/**
 * Start-up refused: production mode needs a secret that the environment does not give.
 */
public class MissingSecret extends IllegalStateException {

	private final String variable;

	public MissingSecret(String variable, String howToSet) {
		super("Herald runs in production mode (ENVIRONMENT=production) and " + variable + " is not set. " + howToSet);
		this.variable = variable;
	}

	public String variable() {
		return this.variable;
	}

}
