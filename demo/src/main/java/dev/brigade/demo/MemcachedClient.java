package dev.brigade.demo;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small client of memcached's text protocol ({@code get}, {@code set}, {@code stats}; see
 * memcached's doc/protocol.txt) over a bounded pool of blocking connections, for the demo
 * application's virtual threads. Replies are read with limits: a line of at most {@value #MAX_LINE}
 * bytes, a value of at most {@value #MAX_VALUE} bytes.
 */
final class MemcachedClient implements AutoCloseable {
  static final int MAX_LINE = 1024;
  static final int MAX_VALUE = 1024 * 1024;
  static final int MAX_KEY = 250;
  private static final int MAX_STATS = 500;

  private final InetSocketAddress address;
  private final Duration timeout;
  private final Semaphore permits;
  private final BlockingQueue<Connection> idle;
  private volatile boolean closed;

  MemcachedClient(InetSocketAddress address, int maxConnections, Duration timeout) {
    this.address = address;
    this.timeout = timeout;
    this.permits = new Semaphore(maxConnections);
    this.idle = new ArrayBlockingQueue<>(maxConnections);
  }

  /** The value stored under {@code key}, or empty on a miss. */
  Optional<byte[]> get(String key) throws IOException {
    checkKey(key);
    return call(
        c -> {
          c.write("get " + key + "\r\n");
          String line = c.line();
          if (line.equals("END")) {
            return Optional.empty();
          }
          String[] p = line.split(" ");
          if (p.length < 4 || !p[0].equals("VALUE") || !p[1].equals(key)) {
            throw new IOException("memcached answered get with '" + shorten(line) + "'");
          }
          int n = length(p[3]);
          byte[] value = c.bytes(n);
          c.expectCrlf();
          String end = c.line();
          if (!end.equals("END")) {
            throw new IOException("memcached ended a get with '" + shorten(end) + "'");
          }
          return Optional.of(value);
        });
  }

  /** Stores {@code value} under {@code key} for {@code ttlSeconds}. */
  void set(String key, byte[] value, int ttlSeconds) throws IOException {
    checkKey(key);
    if (value.length > MAX_VALUE) {
      throw new IllegalArgumentException("a value may have at most " + MAX_VALUE + " bytes");
    }
    call(
        c -> {
          c.write("set " + key + " 0 " + ttlSeconds + " " + value.length + "\r\n");
          c.out.write(value);
          c.write("\r\n");
          String line = c.line();
          if (!line.equals("STORED")) {
            throw new IOException("memcached answered set with '" + shorten(line) + "'");
          }
          return null;
        });
  }

  /** The server's {@code stats}: get_hits, get_misses, curr_items, ... */
  Map<String, String> stats() throws IOException {
    return call(
        c -> {
          c.write("stats\r\n");
          Map<String, String> stats = new LinkedHashMap<>();
          for (String line = c.line(); !line.equals("END"); line = c.line()) {
            String[] p = line.split(" ", 3);
            if (p.length != 3 || !p[0].equals("STAT") || stats.size() >= MAX_STATS) {
              throw new IOException("memcached answered stats with '" + shorten(line) + "'");
            }
            stats.put(p[1], p[2]);
          }
          return stats;
        });
  }

  private interface Exchange<T> {
    T run(Connection c) throws IOException;
  }

  private <T> T call(Exchange<T> exchange) throws IOException {
    if (closed) {
      throw new IOException("the memcached client is closed");
    }
    try {
      if (!permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("no free memcached connection within " + timeout.toMillis() + "ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    Connection c = idle.poll();
    try {
      if (c == null) {
        c = new Connection(address, timeout);
      }
      T result = exchange.run(c);
      if (closed || !idle.offer(c)) {
        c.close();
      }
      return result;
    } catch (IOException | RuntimeException e) {
      if (c != null) {
        c.close();
      }
      throw e;
    } finally {
      permits.release();
    }
  }

  private static void checkKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY) {
      throw new IllegalArgumentException("a memcached key has 1 to " + MAX_KEY + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      if (ch <= ' ' || ch >= 127) {
        throw new IllegalArgumentException("a memcached key is printable ASCII without spaces");
      }
    }
  }

  private static int length(String s) throws IOException {
    try {
      int n = Integer.parseInt(s);
      if (n >= 0 && n <= MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException("memcached announced a value of '" + shorten(s) + "' bytes");
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  @Override
  public void close() {
    closed = true;
    for (Connection c = idle.poll(); c != null; c = idle.poll()) {
      c.close();
    }
  }

  /** One open connection. */
  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(InetSocketAddress address, Duration timeout) throws IOException {
      socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) timeout.toMillis());
        socket.connect(address, (int) timeout.toMillis());
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
      } catch (IOException e) {
        socket.close();
        throw e;
      }
    }

    void write(String s) throws IOException {
      out.write(s.getBytes(StandardCharsets.US_ASCII));
      if (s.endsWith("\r\n")) {
        out.flush();
      }
    }

    /** One reply line without its CRLF. */
    String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream(64);
      while (true) {
        int ch = in.read();
        if (ch < 0) {
          throw new EOFException("memcached closed the connection");
        }
        if (ch == '\n') {
          byte[] bytes = b.toByteArray();
          if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
            throw new IOException("memcached sent a line without CR");
          }
          return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
        }
        if (b.size() >= MAX_LINE) {
          throw new IOException("memcached sent a line over " + MAX_LINE + " bytes");
        }
        b.write(ch);
      }
    }

    byte[] bytes(int n) throws IOException {
      byte[] v = in.readNBytes(n);
      if (v.length != n) {
        throw new EOFException("memcached closed the connection inside a value");
      }
      return v;
    }

    void expectCrlf() throws IOException {
      if (in.read() != '\r' || in.read() != '\n') {
        throw new IOException("memcached sent a value without its CRLF");
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
