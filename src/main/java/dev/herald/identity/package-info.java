/**
 * Identity: users, credentials, sessions and refresh tokens, two-factor authentication,
 * API keys, email verification, password reset and social login.
 */
@NullMarked
@ApplicationModule(displayName = "Identity", allowedDependencies = { "common", "notification" })
package dev.herald.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
