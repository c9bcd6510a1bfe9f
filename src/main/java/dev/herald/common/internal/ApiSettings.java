package dev.herald.common.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the JSON API.
 *
 * @param maxBodySize the largest JSON request body accepted
 */
@ConfigurationProperties("herald.api")
record ApiSettings(@DefaultValue("2MB") DataSize maxBodySize) {
}
