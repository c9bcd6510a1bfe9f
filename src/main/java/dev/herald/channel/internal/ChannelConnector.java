package dev.herald.channel.internal;

import java.net.URI;
import java.util.List;

import dev.herald.channel.Channel;
import dev.herald.common.ApiError;
import dev.herald.common.RequestOrigin;
import dev.herald.platform.PlatformKind;
import dev.herald.workspace.Tenant;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Connects an account by its platform's own flow: a webhook by its URL (Herald makes the
 * signing secret), Bluesky by handle and app password, Mastodon by the instance's OAuth
 * authorization (or a token the user made in the instance's settings).
 */
@Component
public class ChannelConnector {

	private final ChannelService channels;

	private final MastodonConnect mastodon;

	ChannelConnector(ChannelService channels, MastodonConnect mastodon) {
		this.channels = channels;
		this.mastodon = mastodon;
	}

	/**
	 * What a connect (or reconnect) sends; which fields count depends on the platform.
	 *
	 * @param url a webhook's URL
	 * @param name a webhook's display name
	 * @param secret a webhook's signing secret, when the receiver already has one (Herald
	 * makes one otherwise)
	 * @param identifier a Bluesky handle or email
	 * @param appPassword a Bluesky app password (used once, never stored)
	 * @param pds a Bluesky account's server, when not bsky.social
	 * @param instance a Mastodon instance
	 * @param accessToken a Mastodon access token made in the instance's settings, instead
	 * of OAuth
	 */
	public record ConnectRequest(@Nullable @Size(max = 2000) String url, @Nullable @Size(max = 100) String name,
			@Nullable @Size(min = 16, max = 200) String secret, @Nullable @Size(max = 253) String identifier,
			@Nullable @Size(max = 200) String appPassword, @Nullable @Size(max = 300) String pds,
			@Nullable @Size(max = 300) String instance, @Nullable @Size(max = 500) String accessToken) {

		@Override
		public String toString() {
			return "ConnectRequest[url=" + this.url + ", identifier=" + this.identifier + ", instance=" + this.instance
					+ "]";
		}

	}

	/**
	 * What a connect came to: the channel, or where to send the user to authorize.
	 *
	 * @param channel the connected channel, when the connect is complete
	 * @param signingSecret a webhook's signing secret, shown this once
	 * @param authorizationUrl where to send the user, when the platform's authorization
	 * comes first
	 */
	public record Connection(@Nullable Channel channel, @Nullable String signingSecret,
			@Nullable URI authorizationUrl) {
	}

	/**
	 * How a platform is connected, for the API's and dashboard's forms.
	 *
	 * @param platform the platform
	 * @param name its display name
	 * @param fields the connect request's fields it reads
	 * @param help what the user needs at hand
	 */
	public record PlatformInfo(PlatformKind platform, String name, List<String> fields, String help) {
	}

	public List<PlatformInfo> platforms() {
		return List.of(
				new PlatformInfo(PlatformKind.MASTODON, "Mastodon", List.of("instance", "accessToken"),
						"Your instance's address; Herald registers itself there and sends you to authorize it. "
								+ "Or paste an access token made under Preferences → Development."),
				new PlatformInfo(PlatformKind.BLUESKY, "Bluesky", List.of("identifier", "appPassword", "pds"),
						"Your handle and an app password (Settings → Privacy and security → App passwords)."),
				new PlatformInfo(PlatformKind.WEBHOOK, "Webhook", List.of("url", "name", "secret"),
						"An https URL that receives each post as signed JSON (Herald-Signature header)."));
	}

	/**
	 * Connects an account, or connects {@code existing}'s account again.
	 */
	public Connection connect(Tenant tenant, java.util.UUID brandId, PlatformKind platform, ConnectRequest request,
			@Nullable Channel existing, RequestOrigin origin) {
		return switch (platform) {
			case WEBHOOK -> {
				String url = (request.url() != null) ? request.url()
						: (existing != null) ? existing.endpoint().toString() : null;
				ChannelService.ConnectedWebhook webhook = this.channels.connectWebhook(tenant, brandId,
						required("url", url), request.name(), request.secret(), origin);
				yield new Connection(webhook.channel(), webhook.signingSecret(), null);
			}
			case BLUESKY -> {
				String pds = (request.pds() != null) ? request.pds()
						: (existing != null) ? existing.endpoint().toString() : null;
				String identifier = (request.identifier() != null) ? request.identifier()
						: (existing != null) ? existing.username() : null;
				yield new Connection(this.channels.connectBluesky(tenant, brandId, pds,
						required("identifier", identifier), required("appPassword", request.appPassword()), origin),
						null, null);
			}
			case MASTODON -> {
				String instance = (request.instance() != null) ? request.instance()
						: (existing != null) ? existing.endpoint().toString() : null;
				if (request.accessToken() != null && !request.accessToken().isBlank()) {
					yield new Connection(this.mastodon.connectWithToken(tenant, brandId, required("instance", instance),
							request.accessToken().strip(), origin), null, null);
				}
				yield new Connection(null, null, this.mastodon.start(tenant, brandId, required("instance", instance),
						(existing != null) ? existing.id() : null));
			}
		};
	}

	private static String required(String field, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw ApiError.invalid(field, "Is required");
		}
		return value;
	}

}
