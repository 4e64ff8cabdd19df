package dev.brigade.edge;

/**
 * One server of a pool.
 *
 * @param id its name in the admin API and metrics: {@code host/service}
 * @param address IP address or DNS name
 * @param port port
 * @param weight relative share of requests, 1 to 256
 * @param backup true when used only while no primary is available
 */
public record BackendConfig(String id, String address, int port, int weight, boolean backup) {}
