/**
 * The workspace module's implementation: tenancy, workspaces, members, invitations and
 * brands.
 */
@NullMarked
package dev.herald.workspace.internal;

import org.jspecify.annotations.NullMarked;
