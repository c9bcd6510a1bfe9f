/**
 * What every module needs: the API envelope and error codes, ids, pagination, settings,
 * secrets and encryption, and the embedded database.
 */
@NullMarked
@ApplicationModule(displayName = "Common", type = ApplicationModule.Type.OPEN)
package dev.herald.common;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
