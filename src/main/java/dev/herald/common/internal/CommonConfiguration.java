package dev.herald.common.internal;

import java.time.Clock;

import dev.herald.common.Encryptor;
import dev.herald.common.ErrorResponses;
import dev.herald.common.HeraldSettings;
import dev.herald.common.Secrets;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shared beans: the clock every module takes time from, Herald's secrets, encryption,
 * and the error envelope writer.
 */
@Configuration(proxyBeanMethods = false)
class CommonConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Secrets secrets(HeraldSettings settings) {
		return new Secrets(settings);
	}

	@Bean
	Encryptor encryptor(Secrets secrets) {
		return new Encryptor(secrets);
	}

	@Bean
	ErrorResponses errorResponses(JsonMapper json, Clock clock) {
		return new ErrorResponses(json, clock);
	}

}
