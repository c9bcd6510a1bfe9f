package dev.herald.channel.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How channels are connected and kept working.
 *
 * @param refreshInterval how often tokens about to expire are refreshed
 * @param refreshAhead how far ahead of its expiry a token is refreshed
 * @param blueskyPds the PDS a Bluesky account is on unless the user names another
 * @param connectTimeout how long an OAuth connect may take from redirect to callback
 */
@ConfigurationProperties("herald.channel")
record ChannelSettings(@DefaultValue("15m") Duration refreshInterval, @DefaultValue("24h") Duration refreshAhead,
		@DefaultValue("https://bsky.social") String blueskyPds, @DefaultValue("10m") Duration connectTimeout) {
}
