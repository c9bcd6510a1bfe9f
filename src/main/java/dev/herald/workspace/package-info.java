/**
 * Workspaces (tenants), memberships with roles, invitations and brands; the
 * current-tenant context every tenant-owned query is scoped by.
 */
@NullMarked
@ApplicationModule(displayName = "Workspace", allowedDependencies = { "common", "identity", "notification" })
package dev.herald.workspace;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
