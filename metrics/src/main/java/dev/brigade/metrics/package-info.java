/** Capacity monitoring: collection, round-robin storage (RRD4J), graphs, trends and annotations. */
package dev.brigade.metrics;
