/** Signing in to the box: Argon2id passwords, hashed sessions and tokens, the login throttle. */
package dev.brigade.box.auth;
