package dev.herald.studio.web;

import java.util.List;
import java.util.UUID;

import dev.herald.common.ApiResponse;
import dev.herald.studio.Generation;
import dev.herald.studio.Strategy;
import dev.herald.studio.StrategyPlan;
import dev.herald.studio.internal.StrategyService;
import dev.herald.studio.internal.StudioService;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Brand strategies: {@code POST /api/v1/ai/strategy} writes one, and its versions are
 * read, edited (each edit a new version) and activated.
 */
@RestController
@Tag(name = "Strategies")
class StrategyController {

	private final StrategyService strategies;

	private final Tenancy tenancy;

	StrategyController(StrategyService strategies, Tenancy tenancy) {
		this.strategies = strategies;
		this.tenancy = tenancy;
	}

	/**
	 * What a strategy is asked for.
	 *
	 * @param brandId the brand
	 * @param goals what the brand wants, in its words (its profile's goals are added)
	 * @param activate whether it becomes the active strategy (default: yes)
	 * @param noCache ask the model even if the same request was answered in the last 24 h
	 */
	record StrategyBody(@NotNull UUID brandId, @Nullable @Size(max = 4000) String goals, @Nullable Boolean activate,
			@Nullable Boolean noCache) {
	}

	/**
	 * A strategy written and what it cost.
	 *
	 * @param strategy the new version
	 * @param generation its provider, model, tokens, cost and the credits used
	 */
	record StrategyAnswer(Strategy strategy, Generation generation) {
	}

	@PostMapping(path = "/api/v1/ai/strategy", consumes = "application/json", produces = "application/json")
	@Operation(summary = "Write a strategy for the brand with the strong model, kept as a new version (MEMBER; one "
			+ "AI credit, none when cached)")
	ApiResponse<StrategyAnswer> generate(@Valid @RequestBody StrategyBody body) {
		StudioService.Generated<Strategy> generated = this.strategies.generate(this.tenancy.require(Role.MEMBER),
				new StrategyService.StrategyRequest(body.brandId(), body.goals(),
						!Boolean.FALSE.equals(body.activate()), Boolean.TRUE.equals(body.noCache())));
		return ApiResponse.of(new StrategyAnswer(generated.result(), generated.generation()));
	}

	@GetMapping(path = "/api/v1/brands/{id}/strategies", produces = "application/json")
	@Operation(summary = "A brand's strategy versions, newest first")
	ApiResponse<List<Strategy>> list(@PathVariable UUID id) {
		return ApiResponse.of(this.strategies.list(this.tenancy.require(Role.VIEWER), id));
	}

	@GetMapping(path = "/api/v1/strategies/{id}", produces = "application/json")
	@Operation(summary = "One strategy version")
	ApiResponse<Strategy> get(@PathVariable UUID id) {
		return ApiResponse.of(this.strategies.get(this.tenancy.require(Role.VIEWER), id));
	}

	/**
	 * An edited strategy.
	 *
	 * @param goals the goals, if they change
	 * @param plan the whole strategy as it should be
	 */
	record EditBody(@Nullable @Size(max = 4000) String goals, @NotNull StrategyPlan plan) {
	}

	@PutMapping(path = "/api/v1/strategies/{id}", consumes = "application/json", produces = "application/json")
	@Operation(summary = "Save an edit as a new version, active if the edited one was (MEMBER)")
	ApiResponse<Strategy> update(@PathVariable UUID id, @Valid @RequestBody EditBody body) {
		return ApiResponse.of(this.strategies.update(this.tenancy.require(Role.MEMBER), id, body.goals(), body.plan()));
	}

	@PostMapping(path = "/api/v1/strategies/{id}/activate", produces = "application/json")
	@Operation(summary = "Make this version the brand's active strategy, the one batches follow (MEMBER)")
	ApiResponse<Strategy> activate(@PathVariable UUID id) {
		return ApiResponse.of(this.strategies.activate(this.tenancy.require(Role.MEMBER), id));
	}

}
