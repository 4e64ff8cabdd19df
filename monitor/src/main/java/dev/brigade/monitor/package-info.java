/** Failure monitoring: the Nagios plugin API, checks, state logic and notifications. */
package dev.brigade.monitor;
