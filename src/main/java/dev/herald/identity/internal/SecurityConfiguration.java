package dev.herald.identity.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.ErrorResponses;
import dev.herald.common.HeraldSettings;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.HeraldAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call what. Three filter chains: the JSON API (stateless, {@code Bearer} access
 * token or API key), operations (health, metrics, API docs), and the dashboard (session
 * cookie, CSRF). Failures are answered in the error envelope on the API and by the login
 * page on the dashboard.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

	static final String[] PUBLIC_AUTH = { "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/login/2fa",
			"/api/v1/auth/refresh", "/api/v1/auth/verify-email", "/api/v1/auth/resend-verification",
			"/api/v1/auth/forgot-password", "/api/v1/auth/reset-password" };

	private static final String CSP = "default-src 'self'; img-src 'self' data: blob: https: http:; media-src 'self' blob: https: http:; style-src 'self' 'unsafe-inline'; "
			+ "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self' https:; base-uri 'self'";

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, ApiKeyService apiKeys, AccessTokens tokens, SessionGuard guard,
			ErrorResponses errors) throws Exception {
		JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(tokens.accessDecoder());
		jwt.setJwtAuthenticationConverter((Jwt token) -> {
			UUID sessionId = UUID.fromString(token.getClaimAsString("ctx"));
			if (!guard.active(sessionId)) {
				throw new InvalidBearerTokenException("session ended");
			}
			return new HeraldAuthentication(
					new AuthenticatedUser(UUID.fromString(token.getSubject()), sessionId, null));
		});
		AuthenticationManager bearer = (authentication) -> {
			String token = ((BearerTokenAuthenticationToken) authentication).getToken();
			if (token.startsWith(ApiKeyService.PREFIX)) {
				return apiKeys.authenticate(token)
					.map(HeraldAuthentication::new)
					.orElseThrow(() -> new InvalidBearerTokenException("unknown API key"));
			}
			return jwt.authenticate(authentication);
		};
		AuthenticationManagerResolver<HttpServletRequest> resolver = (request) -> bearer;
		http.securityMatcher("/api/**")
			.csrf((csrf) -> csrf.disable())
			.cors(org.springframework.security.config.Customizer.withDefaults())
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((c) -> c.disable())
			.anonymous((a) -> a.disable())
			.oauth2ResourceServer((o) -> o.authenticationManagerResolver(resolver)
				.authenticationEntryPoint((req, res, ex) -> unauthorized(errors, res, ex)))
			.exceptionHandling((e) -> e.authenticationEntryPoint((req, res, ex) -> unauthorized(errors, res, ex))
				.accessDeniedHandler((req, res, ex) -> errors.write(res,
						ApiError
							.forbidden("API keys cannot manage sign-in, sessions or API keys: sign in as the user"))))
			.authorizeHttpRequests((auth) -> auth.requestMatchers(HttpMethod.POST, PUBLIC_AUTH)
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/v1/auth/oauth/**", "/api/v1/invitations/*",
						"/api/v1/channels/callback/*")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/v1/invitations/*/accept")
				.permitAll()
				.requestMatchers(HttpMethod.OPTIONS, "/api/**")
				.permitAll()
				.requestMatchers("/api/v1/auth/**", "/api/v1/users/me/**", "/api/v1/api-keys/**")
				.access(signedInUser())
				.anyRequest()
				.authenticated())
			.headers((h) -> h.referrerPolicy((r) -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain operations(HttpSecurity http, HeraldSettings herald, IdentitySettings settings,
			ErrorResponses errors) throws Exception {
		http.securityMatcher("/health", "/health/**", "/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/docs",
				"/docs/**", "/swagger-ui/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((c) -> c.disable())
			.exceptionHandling((e) -> e.authenticationEntryPoint((req, res, ex) -> errors.write(res,
					ApiError.unauthorized("Metrics need Authorization: Bearer <METRICS_TOKEN> in production mode"))))
			.authorizeHttpRequests((auth) -> auth.requestMatchers("/actuator/prometheus")
				.access(metricsAccess(herald, settings))
				.anyRequest()
				.permitAll())
			.headers((h) -> h.contentSecurityPolicy(
					(c) -> c.policyDirectives(CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"))));
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain dashboard(HttpSecurity http, SessionGuard guard) throws Exception {
		http.authorizeHttpRequests((auth) -> auth
			.requestMatchers("/", "/login", "/login/2fa", "/signup", "/verify-email", "/resend-verification",
					"/forgot-password", "/reset-password", "/invitations/**", "/dev/mailbox", "/oauth2/**",
					"/login/oauth2/**", "/login/oauth/**", "/webjars/**", "/css/**", "/js/**", "/img/**", "/files/**",
					"/favicon.ico", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			.exceptionHandling((e) -> e.authenticationEntryPoint((req, res, ex) -> res.sendRedirect("/login")))
			.addFilterAfter(new DashboardSessionFilter(guard), AnonymousAuthenticationFilter.class)
			.headers((h) -> h.contentSecurityPolicy((c) -> c.policyDirectives(CSP))
				.referrerPolicy(
						(r) -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
				.addHeaderWriter(
						new StaticHeadersWriter("Permissions-Policy", "camera=(), microphone=(), geolocation=()")));
		return http.build();
	}

	/**
	 * No observations of the security filters: observing each filter of each request cost
	 * a large share of a request's CPU (bench/load.sh) for spans nobody reads; HTTP
	 * server metrics stay.
	 */
	@Bean
	SecurityObservationSettings noSecurityFilterObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource(HeraldSettings herald) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (herald.frontendUrl() != null && !herald.frontendUrl().isBlank()) {
			CorsConfiguration config = new CorsConfiguration();
			config.setAllowedOrigins(List.of(herald.frontendUrl().replaceAll("/$", "")));
			config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
			config.setAllowedHeaders(
					List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "X-Workspace-Id"));
			config.setExposedHeaders(List.of("X-Request-Id", "Retry-After", "Idempotent-Replayed"));
			config.setMaxAge(3600L);
			source.registerCorsConfiguration("/api/**", config);
		}
		return source;
	}

	/**
	 * Sign-in, sessions and API keys are managed by the user in person, never by an API
	 * key.
	 */
	private static AuthorizationManager<RequestAuthorizationContext> signedInUser() {
		return (authentication, context) -> {
			Authentication auth = authentication.get();
			boolean user = auth instanceof HeraldAuthentication herald && !herald.getPrincipal().viaApiKey();
			return new AuthorizationDecision(user);
		};
	}

	private static AuthorizationManager<RequestAuthorizationContext> metricsAccess(HeraldSettings herald,
			IdentitySettings settings) {
		return (authentication, context) -> {
			if (!herald.production()) {
				return new AuthorizationDecision(true);
			}
			String token = settings.metricsToken();
			String header = context.getRequest().getHeader("Authorization");
			boolean allowed = !token.isBlank() && header != null && MessageDigest
				.isEqual(header.getBytes(StandardCharsets.UTF_8), ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
			return new AuthorizationDecision(allowed);
		};
	}

	private static void unauthorized(ErrorResponses errors, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer");
		String message = (ex instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException)
				? "The access token or API key is invalid, expired or revoked: refresh the token "
						+ "(POST /api/v1/auth/refresh) or log in again"
				: "Authentication is required: send Authorization: Bearer <access token or API key>";
		errors.write(response, ApiError.unauthorized(message));
	}

	/**
	 * Ends a dashboard session whose Herald session was revoked (logged out elsewhere,
	 * password changed).
	 */
	static final class DashboardSessionFilter extends OncePerRequestFilter {

		private final SessionGuard guard;

		DashboardSessionFilter(SessionGuard guard) {
			this.guard = guard;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Authentication auth = SecurityContextHolder.getContext().getAuthentication();
			if (auth instanceof HeraldAuthentication herald && herald.getPrincipal().sessionId() != null
					&& !this.guard.active(herald.getPrincipal().sessionId())) {
				SecurityContextHolder.clearContext();
				HttpSession session = request.getSession(false);
				if (session != null) {
					session.invalidate();
				}
				response.sendRedirect("/login?ended");
				return;
			}
			chain.doFilter(request, response);
		}

	}

}
