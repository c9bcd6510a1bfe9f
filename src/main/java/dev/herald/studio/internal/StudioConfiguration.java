package dev.herald.studio.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The studio's model client, built from {@code herald.studio} and the workspaces' own
 * providers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StudioSettings.class)
class StudioConfiguration {

	@Bean
	ModelClient modelClient(StudioSettings settings, WorkspaceAiProviders workspaceProviders) {
		return new ModelClient(settings, workspaceProviders::find);
	}

}
