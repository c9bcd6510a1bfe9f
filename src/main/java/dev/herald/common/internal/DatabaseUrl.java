package dev.herald.common.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A database address as the planning documents write it
 * ({@code postgresql://user:pass@host/db}, also {@code postgres://}) or as JDBC does
 * ({@code jdbc:postgresql://host/db}), turned into a JDBC URL and credentials.
 *
 * @param jdbcUrl the JDBC URL, without credentials
 * @param username the user, if the address names one
 * @param password the password, if the address names one
 */
record DatabaseUrl(String jdbcUrl, @Nullable String username, @Nullable String password) {

	static DatabaseUrl parse(String value) {
		String url = value.trim();
		if (url.startsWith("jdbc:postgresql:")) {
			return new DatabaseUrl(url, null, null);
		}
		if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
			throw new IllegalStateException(
					"DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql:// (it starts with '"
							+ url.substring(0, Math.min(url.length(), 12)).replaceAll(":.*", "") + "')");
		}
		try {
			URI uri = new URI(url);
			if (uri.getHost() == null) {
				throw new IllegalStateException("DATABASE_URL names no host");
			}
			String username = null;
			String password = null;
			if (uri.getRawUserInfo() != null) {
				String[] parts = uri.getRawUserInfo().split(":", 2);
				username = decode(parts[0]);
				password = (parts.length > 1) ? decode(parts[1]) : null;
			}
			String port = (uri.getPort() != -1) ? ":" + uri.getPort() : "";
			String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
			String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/postgres" : uri.getRawPath();
			return new DatabaseUrl("jdbc:postgresql://" + uri.getHost() + port + path + query, username, password);
		}
		catch (URISyntaxException ex) {
			// the message would echo the URL and with it the password
			throw new IllegalStateException("DATABASE_URL is not a valid URL");
		}
	}

	private static String decode(String part) {
		return URLDecoder.decode(part, StandardCharsets.UTF_8);
	}

}
