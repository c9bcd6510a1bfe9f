package dev.herald.identity.web;

import java.util.List;

import dev.herald.identity.internal.SocialLogins;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives identity's pages (login, sign-up) the configured social login providers as the
 * model attribute {@code socialProviders}, which
 * {@code templates/fragments/social-login.html} draws as buttons. A page of another
 * module that wants the buttons calls {@code th:replace="~{fragments/social-login ::
 * buttons(${@socialLogins.configuredProviders()})}"}.
 */
@ControllerAdvice(basePackageClasses = SocialLoginModel.class)
class SocialLoginModel {

	private final SocialLogins logins;

	SocialLoginModel(SocialLogins logins) {
		this.logins = logins;
	}

	@ModelAttribute("socialProviders")
	List<SocialLogins.ProviderLink> socialProviders() {
		return this.logins.configuredProviders();
	}

}
