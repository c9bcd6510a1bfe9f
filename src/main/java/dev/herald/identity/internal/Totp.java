package dev.herald.identity.internal;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.OptionalLong;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;

import org.springframework.stereotype.Component;

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, as authenticator apps expect), with
 * the clock injected and one step of drift either way. Verification answers the matched
 * time step, so that a code cannot be used twice.
 */
@Component
class Totp {

	static final int PERIOD = 30;

	private final DefaultCodeGenerator generator = new DefaultCodeGenerator();

	private final DefaultSecretGenerator secrets = new DefaultSecretGenerator(32);

	private final Clock clock;

	Totp(Clock clock) {
		this.clock = clock;
	}

	String newSecret() {
		return this.secrets.generate();
	}

	String otpauthUri(String secret, String account) {
		return qr(secret, account).getUri();
	}

	String qrCodeDataUri(String secret, String account) {
		try {
			ZxingPngQrGenerator png = new ZxingPngQrGenerator();
			png.setImageSize(240);
			return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.generate(qr(secret, account)));
		}
		catch (QrGenerationException ex) {
			throw new IllegalStateException("Cannot draw the QR code", ex);
		}
	}

	long currentStep() {
		return this.clock.instant().getEpochSecond() / PERIOD;
	}

	/**
	 * The time step the code belongs to, if it is right for now or one step either side.
	 */
	OptionalLong verify(String secret, String code) {
		String digits = code.replaceAll("\\s", "");
		if (!digits.matches("\\d{6}")) {
			return OptionalLong.empty();
		}
		long now = currentStep();
		try {
			for (long step = now - 1; step <= now + 1; step++) {
				String expected = this.generator.generate(secret, step);
				if (MessageDigest.isEqual(expected.getBytes(), digits.getBytes())) {
					return OptionalLong.of(step);
				}
			}
		}
		catch (CodeGenerationException ex) {
			throw new IllegalStateException("Cannot compute a TOTP code", ex);
		}
		return OptionalLong.empty();
	}

	private static QrData qr(String secret, String account) {
		return new QrData.Builder().label(account).secret(secret).issuer("Herald").digits(6).period(PERIOD).build();
	}

}
