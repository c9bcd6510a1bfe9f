package dev.herald.common.internal;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document's header: what the API is, how to authenticate, its license.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI heraldOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Herald API")
				.version("v1")
				.description("Herald's REST API. Authenticate with `Authorization: Bearer <access token or API key>`. "
						+ "Answers are `{\"data\": ..., \"meta\": {...}}`; errors are "
						+ "`{\"error\": {\"code\", \"message\", \"details\"}, \"meta\": {...}}`. "
						+ "Send `Idempotency-Key` on POSTs to make retries safe, and `X-Workspace-Id` to choose the "
						+ "workspace.")
				.license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An access token from /api/v1/auth/login, or an API key (hk_...)")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

}
