/**
 * The wire contract shared by the backend and every client: event envelope and type names, DTO
 * records, problem details and the JSON mapper. Records only; no behaviour beyond (de)serialisation.
 */
@NullMarked
package dev.vtubermiku.protocol;

import org.jspecify.annotations.NullMarked;
