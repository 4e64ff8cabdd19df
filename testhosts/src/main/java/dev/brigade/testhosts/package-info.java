/** Real Debian test hosts in network namespaces, for tests that manage machines over SSH. */
package dev.brigade.testhosts;
