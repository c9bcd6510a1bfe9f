package dev.herald.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the adapters talk to platforms.
 *
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer; past it the outcome of a publish is
 * unknown
 */
@ConfigurationProperties("herald.platform")
public record PlatformSettings(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout) {
}
