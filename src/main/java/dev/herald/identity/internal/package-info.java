/**
 * Identity's implementation: accounts, credentials, sessions, tokens, throttling and
 * security configuration.
 */
@NullMarked
package dev.herald.identity.internal;

import org.jspecify.annotations.NullMarked;
