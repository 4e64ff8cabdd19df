package dev.brigade.model;

/**
 * A network service that hosts of a role run.
 *
 * @param name the service's name, unique within its role
 * @param port the port it listens on
 * @param protocol what it speaks
 * @param check how to tell that it works
 */
public record Service(String name, int port, Protocol protocol, HealthCheck check) {}
