/**
 * Capacity planning ({@code brigade plan}): reads access logs into the traffic's shape and hit
 * distribution, then does the seed's "do the math" for every layer of the model.
 */
package dev.brigade.plan;
