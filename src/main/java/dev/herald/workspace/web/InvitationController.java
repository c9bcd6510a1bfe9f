package dev.herald.workspace.web;

import dev.herald.common.ApiError;
import dev.herald.common.ApiResponse;
import dev.herald.common.RequestOrigin;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.CurrentUser;
import dev.herald.identity.SignedIn;
import dev.herald.workspace.internal.Views.InvitationPreview;
import dev.herald.workspace.internal.Views.WorkspaceView;
import dev.herald.workspace.internal.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/invitations/{token}}: what an emailed invitation offers, and accepting
 * it.
 */
@RestController
@RequestMapping(path = "/api/v1/invitations", produces = "application/json")
@Tag(name = "Workspaces")
class InvitationController {

	private final WorkspaceService workspaces;

	InvitationController(WorkspaceService workspaces) {
		this.workspaces = workspaces;
	}

	@GetMapping("/{token}")
	@Operation(summary = "What an invitation offers (no authentication: the token is the proof)")
	ApiResponse<InvitationPreview> preview(@PathVariable String token) {
		return ApiResponse.of(this.workspaces.preview(token));
	}

	record AcceptRequest(@Nullable @Size(min = 1, max = 100) String name, @Nullable @Size(max = 200) String password) {
	}

	record Accepted(WorkspaceView workspace, @Nullable Tokens tokens) {
	}

	record Tokens(String accessToken, String refreshToken, String tokenType, long expiresIn) {
	}

	@PostMapping("/{token}/accept")
	@Operation(summary = "Accept: signed in, as the invited address; or without an account, with name and "
			+ "password, which creates it and signs in")
	ApiResponse<Accepted> accept(@PathVariable String token,
			@Valid @RequestBody(required = false) @Nullable AcceptRequest body, HttpServletRequest request) {
		RequestOrigin origin = RequestOrigin.of(request);
		AuthenticatedUser caller = CurrentUser.find().orElse(null);
		if (caller != null) {
			return ApiResponse.of(new Accepted(this.workspaces.accept(token, caller, origin), null));
		}
		if (body == null || body.name() == null || body.password() == null) {
			throw ApiError.invalid("password",
					"Without signing in, send name and password to create your account, or sign in and accept again");
		}
		SignedIn signedIn = this.workspaces.acceptAsNewUser(token, body.name(), body.password(), origin);
		WorkspaceView workspace = this.workspaces
			.list(new AuthenticatedUser(signedIn.userId(), signedIn.sessionId(), null))
			.getFirst();
		return ApiResponse.of(new Accepted(workspace,
				new Tokens(signedIn.accessToken(), signedIn.refreshToken(), "Bearer", signedIn.expiresIn())));
	}

}
