package dev.herald.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PkceTests {

	@Test
	void computesTheS256ChallengeOfRfc7636() {
		// RFC 7636, appendix B
		assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
			.isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
	}

	@Test
	void generatesAFreshVerifierOfFortyThreeCharacters() {
		Pkce one = Pkce.generate();
		Pkce two = Pkce.generate();
		assertThat(one.verifier()).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(two.verifier());
		assertThat(one.challenge()).isEqualTo(Pkce.challengeOf(one.verifier()));
	}

}
