/** The edge: reverse proxy and health-checked load balancer in front of the application. */
package dev.brigade.edge;
