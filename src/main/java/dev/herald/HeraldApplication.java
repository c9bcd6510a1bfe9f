package dev.herald;

import dev.herald.common.internal.EmbeddedPostgresPrestart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Herald: a self-hostable, AI-assisted social media studio.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HeraldApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(HeraldApplication.class);
		application.addListeners(new EmbeddedPostgresPrestart());
		application.run(args);
	}

}
