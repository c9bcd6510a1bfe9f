/**
 * Bluesky (AT Protocol): posts are records written to the account's PDS under a record
 * key chosen (and saved) before the write, so that an unknown outcome is settled by
 * looking the record up. {@link dev.herald.platform.bluesky.BlueskyPlatform} also opens
 * and refreshes app-password sessions for the channel module.
 */
@NullMarked
@NamedInterface("bluesky")
package dev.herald.platform.bluesky;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
