/**
 * Platforms: what each social platform accepts and how to publish to it, behind one
 * {@link dev.herald.platform.Platform} interface with one sub-package per platform. Pure
 * clients: no database, no HTTP session, no environment; they get an immutable credential
 * and settings and answer a {@link dev.herald.platform.PublishResult}.
 */
@NullMarked
@ApplicationModule(displayName = "Platform", allowedDependencies = "common")
package dev.herald.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
