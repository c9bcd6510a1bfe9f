package dev.herald.identity;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;
import org.thymeleaf.spring6.templateresolver.SpringResourceTemplateResolver;
import org.thymeleaf.templateresolver.StringTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The buttons fragment for the login page, drawn from the configured providers.
 */
class SocialLoginButtonsIntegrationTests extends SocialLoginTestSupport {

	@Autowired
	ApplicationContext context;

	/**
	 * Herald's templates from the classpath, and the including page from a string, as a
	 * page of the login screen would include the fragment.
	 */
	private final SpringTemplateEngine templates = new SpringTemplateEngine();

	SocialLoginButtonsIntegrationTests() {
		SpringResourceTemplateResolver files = new SpringResourceTemplateResolver();
		files.setApplicationContext(new org.springframework.context.support.GenericApplicationContext());
		files.setPrefix("classpath:/templates/");
		files.setSuffix(".html");
		files.setCheckExistence(true);
		files.setOrder(1);
		StringTemplateResolver strings = new StringTemplateResolver();
		strings.setOrder(2);
		this.templates.setTemplateResolvers(Set.of(files, strings));
	}

	@Test
	void drawsOneButtonPerConfiguredProvider() {
		String html = render("${@socialLogins.configuredProviders()}");

		assertThat(html).contains("href=\"/login/oauth/google\"")
			.contains(">Continue with Google<")
			.contains("href=\"/login/oauth/github\"")
			.contains(">Continue with GitHub<");
	}

	@Test
	void drawsNothingWithoutProviders() {
		assertThat(render("${emptyList}")).isEqualTo("<div></div>");
	}

	private String render(String providersExpression) {
		MockServletContext servlet = new MockServletContext();
		WebContext model = new WebContext(JakartaServletWebApplication.buildApplication(servlet)
			.buildExchange(new MockHttpServletRequest(servlet), new MockHttpServletResponse()));
		model.setVariable(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
				new ThymeleafEvaluationContext(this.context, null));
		model.setVariable("emptyList", List.of());
		// Thymeleaf refuses bean references inside a fragment expression, hence th:with
		String page = "<div th:with=\"socialProviders=" + providersExpression + "\">"
				+ "<div th:replace=\"~{fragments/social-login :: buttons(${socialProviders})}\"></div></div>";
		return this.templates.process(page, Set.of(), model).strip();
	}

}
