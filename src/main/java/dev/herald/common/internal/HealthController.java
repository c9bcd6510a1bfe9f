package dev.herald.common.internal;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /health} (liveness: the process answers) and {@code /health/ready} (readiness:
 * the database and every other dependency answer), for load balancers and orchestrators;
 * 503 when not up. Later modules add their checks (scheduler, storage, Redis) to the
 * readiness group.
 */
@RestController
class HealthController {

	private final HealthEndpoint health;

	HealthController(HealthEndpoint health) {
		this.health = health;
	}

	@GetMapping(path = "/health", produces = "application/json")
	ResponseEntity<HealthDescriptor> liveness() {
		return answer(this.health.healthForPath("liveness"));
	}

	@GetMapping(path = "/health/ready", produces = "application/json")
	ResponseEntity<HealthDescriptor> readiness() {
		return answer(this.health.healthForPath("readiness"));
	}

	private static ResponseEntity<HealthDescriptor> answer(HealthDescriptor descriptor) {
		return ResponseEntity.status(Status.UP.equals(descriptor.getStatus()) ? 200 : 503).body(descriptor);
	}

}
