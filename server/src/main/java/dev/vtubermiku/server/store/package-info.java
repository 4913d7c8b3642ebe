/**
 * The SQLite store: one writer connection, a small pool of readers, schema only through Flyway,
 * SQL only in the JDBI DAOs of this package.
 */
@NullMarked
package dev.vtubermiku.server.store;

import org.jspecify.annotations.NullMarked;
