/**
 * A sample web application with green, yellow and red pages, its memcached cache layer and a
 * traffic generator of a compressed day, run by {@code brigade demo}.
 */
package dev.brigade.demo;
