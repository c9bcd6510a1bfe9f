package dev.herald.identity;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authentication Herald puts in the security context, for the API and the dashboard
 * alike.
 */
public class HeraldAuthentication extends AbstractAuthenticationToken {

	private final AuthenticatedUser user;

	public HeraldAuthentication(AuthenticatedUser user) {
		super(List.of(new SimpleGrantedAuthority(user.viaApiKey() ? "API_KEY" : "USER")));
		this.user = user;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public AuthenticatedUser getPrincipal() {
		return this.user;
	}

	@Override
	public String getName() {
		return this.user.userId().toString();
	}

}
