/**
 * The audit log: every {@link dev.herald.common.Auditable} event (sign-ins, failed
 * logins, role changes, deletions...) recorded with who, what, where from and when.
 */
@NullMarked
@ApplicationModule(displayName = "Audit", allowedDependencies = { "common", "identity", "workspace" })
package dev.herald.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
