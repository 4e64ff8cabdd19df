/** Failure monitoring: checks, the Nagios plugin API, state logic and notifications. */
package dev.brigade.monitor;
