package dev.herald.common;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/**
 * Checks the addresses users give for instances, servers, webhooks and AI providers:
 * absolute https URLs without credentials; plain http only to this machine (the local
 * fake platforms, a development receiver), so that tokens never travel in clear over a
 * network.
 */
public final class Endpoints {

	private Endpoints() {
	}

	/**
	 * A server's base address (no path, query or fragment), with https assumed when the
	 * user typed only a host name.
	 */
	public static URI server(String field, @Nullable String given) {
		URI uri = parse(field, given, true);
		if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath()))
				|| uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw ApiError.invalid(field, "Give the server's address only, like https://mastodon.social");
		}
		return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
	}

	/** A full URL (a webhook's), path and query allowed. */
	public static URI url(String field, @Nullable String given) {
		URI uri = parse(field, given, false);
		if (uri.getRawFragment() != null) {
			throw ApiError.invalid(field, "Must not have a #fragment");
		}
		return uri;
	}

	private static URI parse(String field, @Nullable String given, boolean hostOnlyAllowed) {
		if (given == null || given.isBlank()) {
			throw ApiError.invalid(field, "Is required");
		}
		String text = given.strip();
		if (hostOnlyAllowed && !text.contains("://")) {
			text = "https://" + text;
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			throw ApiError.invalid(field, "Is not a URL");
		}
		if (uri.getHost() == null || uri.getScheme() == null) {
			throw ApiError.invalid(field, "Must be an absolute https:// URL");
		}
		if (uri.getRawUserInfo() != null) {
			throw ApiError.invalid(field, "Must not carry a user name or password");
		}
		String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
		if (!"https".equals(scheme) && !("http".equals(scheme) && loopback(uri.getHost()))) {
			throw ApiError.invalid(field, "Must use https:// (plain http is accepted for this machine only)");
		}
		if (text.length() > 2000) {
			throw ApiError.invalid(field, "Must be at most 2000 characters");
		}
		return uri;
	}

	private static boolean loopback(String host) {
		if ("localhost".equalsIgnoreCase(host)) {
			return true;
		}
		if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
			// a name: not resolved here, so it cannot be taken for this machine
			return false;
		}
		try {
			return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
