package dev.brigade.edge;

import java.util.concurrent.atomic.LongAdder;

/** The edge's counters of upgraded connections ({@link Tunnel}), as Prometheus text. */
final class Tunnels {
  /** Tunnels opened since the start. */
  final LongAdder opened = new LongAdder();

  /** Tunnels open now. */
  final LongAdder open = new LongAdder();

  /** Tunnels closed by {@code edge.timeouts.tunnel-idle}. */
  final LongAdder idleClosed = new LongAdder();

  /** Bytes relayed from clients to backends. */
  final LongAdder bytesToBackend = new LongAdder();

  /** Bytes relayed from backends to clients. */
  final LongAdder bytesToClient = new LongAdder();

  void prometheus(StringBuilder b) {
    b.append("# HELP brigade_edge_tunnels_total Upgraded connections (101) opened.\n");
    b.append("# TYPE brigade_edge_tunnels_total counter\n");
    b.append("brigade_edge_tunnels_total ").append(opened.sum()).append('\n');
    b.append("# HELP brigade_edge_tunnels_open Upgraded connections open now.\n");
    b.append("# TYPE brigade_edge_tunnels_open gauge\n");
    b.append("brigade_edge_tunnels_open ").append(open.sum()).append('\n');
    b.append("# HELP brigade_edge_tunnel_idle_closed_total Tunnels closed by tunnel-idle.\n");
    b.append("# TYPE brigade_edge_tunnel_idle_closed_total counter\n");
    b.append("brigade_edge_tunnel_idle_closed_total ").append(idleClosed.sum()).append('\n');
    b.append("# HELP brigade_edge_tunnel_bytes_total Bytes relayed through tunnels.\n");
    b.append("# TYPE brigade_edge_tunnel_bytes_total counter\n");
    b.append("brigade_edge_tunnel_bytes_total{direction=\"to_backend\"} ")
        .append(bytesToBackend.sum())
        .append('\n');
    b.append("brigade_edge_tunnel_bytes_total{direction=\"to_client\"} ")
        .append(bytesToClient.sum())
        .append('\n');
  }
}
