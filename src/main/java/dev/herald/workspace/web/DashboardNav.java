package dev.herald.workspace.web;

import java.util.List;

import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.CurrentUser;
import dev.herald.identity.UserProfile;
import dev.herald.identity.Users;
import dev.herald.notification.Notifications;
import dev.herald.workspace.Role;
import dev.herald.workspace.internal.Views.WorkspaceView;
import dev.herald.workspace.internal.WorkspaceService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives every dashboard page of a signed-in user what its header and sidebar show: who is
 * signed in, their workspaces and the current one (the one they last switched to, as
 * {@link dev.herald.workspace.Tenancy} resolves it), with their role there, so that pages
 * hide what the role cannot do.
 */
@Configuration(proxyBeanMethods = false)
class DashboardNav implements WebMvcConfigurer {

	private final WorkspaceService workspaces;

	private final Users users;

	private final Notifications notifications;

	DashboardNav(WorkspaceService workspaces, Users users, Notifications notifications) {
		this.workspaces = workspaces;
		this.users = users;
		this.notifications = notifications;
	}

	/**
	 * What the header and sidebar show.
	 *
	 * @param user who is signed in
	 * @param workspaces their workspaces, the current one first
	 * @param current the current workspace, if they have one
	 * @param unread how many of their notifications are unread, for the badge
	 */
	record Nav(UserProfile user, List<WorkspaceView> workspaces, @Nullable WorkspaceView current, long unread) {

		public boolean can(String role) {
			return this.current != null && this.current.role().atLeast(Role.valueOf(role));
		}

	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			/**
			 * Pages of a workspace need one: someone without any goes to the home page,
			 * which tells them to create one.
			 */
			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
					throws java.io.IOException {
				AuthenticatedUser caller = CurrentUser.find().orElse(null);
				if (caller != null && !caller.viaApiKey() && "GET".equals(request.getMethod())
						&& this.needsWorkspace(request.getRequestURI())
						&& DashboardNav.this.workspaces.list(caller).isEmpty()) {
					response.sendRedirect("/app");
					return false;
				}
				return true;
			}

			private boolean needsWorkspace(String path) {
				return (path.startsWith("/app/") && !path.startsWith("/app/workspaces/"))
						|| path.startsWith("/account/api-keys") || path.equals("/channels")
						|| path.startsWith("/channels/") || path.equals("/posts") || path.startsWith("/posts/")
						|| path.startsWith("/calendar") || path.equals("/media") || path.startsWith("/media/")
						|| path.startsWith("/studio/");
			}

			@Override
			public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
					@Nullable ModelAndView page) {
				// a fragment (an htmx partial, like the composer's live checks) has no
				// header
				if (page == null || page.getViewName() == null || page.getViewName().startsWith("redirect:")
						|| page.getViewName().contains("::") || page.getModel().containsKey("nav")) {
					return;
				}
				Nav nav = nav();
				if (nav != null) {
					page.addObject("nav", nav);
				}
				// times are shown in the user's time zone; UTC to visitors
				page.addObject("zone", (nav != null) ? nav.user().timezone() : "UTC");
			}

		}).excludePathPatterns("/api/**", "/webjars/**", "/css/**", "/js/**", "/img/**");
	}

	@Nullable Nav nav() {
		AuthenticatedUser caller = CurrentUser.find().orElse(null);
		if (caller == null || caller.viaApiKey()) {
			return null;
		}
		UserProfile user = this.users.find(caller.userId()).orElse(null);
		if (user == null) {
			return null;
		}
		List<WorkspaceView> mine = this.workspaces.list(caller);
		return new Nav(user, mine, mine.isEmpty() ? null : mine.getFirst(), this.notifications.unread(user.id()));
	}

}
