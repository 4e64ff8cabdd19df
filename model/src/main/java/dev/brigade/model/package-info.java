/** The cluster model: {@code brigade.yml} loaded, validated and turned into immutable records. */
package dev.brigade.model;
