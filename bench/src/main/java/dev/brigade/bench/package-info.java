/**
 * Benchmarks: JMH micro-benchmarks here, load scripts against the real tools in
 * bench/&lt;part&gt;/.
 */
package dev.brigade.bench;
