/**
 * Herald's root package: the application class and nothing else.
 */
@NullMarked
package dev.herald;

import org.jspecify.annotations.NullMarked;
