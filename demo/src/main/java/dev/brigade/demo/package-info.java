/** A sample web application with green, yellow and red pages, run by {@code brigade demo}. */
package dev.brigade.demo;
