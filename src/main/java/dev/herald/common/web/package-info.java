/**
 * What every module's dashboard pages share: turning a refusal into messages shown next
 * to the form's fields.
 */
@NullMarked
package dev.herald.common.web;

import org.jspecify.annotations.NullMarked;
