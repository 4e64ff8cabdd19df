package dev.brigade.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The client side of the Munin node protocol (TCP 4949): a {@code # munin node at NAME} banner,
 * then one command a line: {@code cap}, {@code nodes}, {@code list}, {@code config}, {@code fetch},
 * {@code quit}. Multi-line answers end with a line holding a single dot.
 */
final class MuninClient implements AutoCloseable {
  static final int MAX_LINE = 8192;
  static final long MAX_BYTES = 4 << 20;
  static final int MAX_LINES = 20_000;

  private final Socket socket;
  private final BoundedLines in;
  private final OutputStream out;
  private final String where;
  private final String banner;

  private MuninClient(Socket socket, String where) throws IOException {
    this.socket = socket;
    this.where = where;
    this.in = new BoundedLines(socket.getInputStream(), where, MAX_LINE, MAX_BYTES);
    this.out = socket.getOutputStream();
    String b = in.next();
    if (b == null || !b.startsWith("# munin node at ")) {
      throw new InputLimitException(where, "not a munin-node: the banner is '" + b + "'");
    }
    this.banner = b.substring(16).trim();
  }

  /** Connects and reads the banner, within {@code timeout} for each read. */
  static MuninClient connect(String address, int port, Duration timeout) throws IOException {
    String where = "munin-node " + address + ":" + port;
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      s.setTcpNoDelay(true);
      return new MuninClient(s, where);
    } catch (IOException e) {
      s.close();
      throw e instanceof InputLimitException
          ? e
          : new IOException(where + ": " + e.getMessage(), e);
    }
  }

  /** The node's name from its banner. */
  String nodeName() {
    return banner;
  }

  /** Sends {@code cap ...}; answers the capabilities the node shares. */
  List<String> capabilities(String... ours) throws IOException {
    send("cap " + String.join(" ", ours));
    String line = line();
    if (!line.startsWith("cap")) {
      return List.of(); // an old node answers "# Unknown command"
    }
    return Arrays.stream(line.substring(3).trim().split("\\s+")).filter(c -> !c.isEmpty()).toList();
  }

  /** The virtual nodes this node answers for. */
  List<String> nodes() throws IOException {
    send("nodes");
    return block();
  }

  /** The plugins of a node (the default one for an empty name). */
  List<String> list(String node) throws IOException {
    send(node.isEmpty() ? "list" : "list " + node);
    String line = line();
    return Arrays.stream(line.trim().split("\\s+")).filter(c -> !c.isEmpty()).toList();
  }

  /** A plugin's {@code config} answer. */
  List<String> config(String plugin) throws IOException {
    send("config " + plugin);
    return block();
  }

  /** A plugin's {@code fetch} answer. */
  List<String> fetch(String plugin) throws IOException {
    send("fetch " + plugin);
    return block();
  }

  private void send(String command) throws IOException {
    if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a munin command is one line");
    }
    out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private String line() throws IOException {
    String l = in.next();
    if (l == null) {
      throw new InputLimitException(where, "closed the connection");
    }
    return l;
  }

  private List<String> block() throws IOException {
    List<String> out = new ArrayList<>();
    while (true) {
      String l = line();
      if (l.equals(".")) {
        return out;
      }
      if (out.size() == MAX_LINES) {
        throw new InputLimitException(in.at(), "answer longer than " + MAX_LINES + " lines");
      }
      out.add(l);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      send("quit");
    } catch (IOException e) {
      // closing anyway
    }
    socket.close();
  }
}
