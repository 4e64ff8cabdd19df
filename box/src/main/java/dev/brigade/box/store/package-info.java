/** The box's store: SQLite by default or PostgreSQL, with versioned schema migrations. */
package dev.brigade.box.store;
