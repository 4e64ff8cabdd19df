package dev.brigade.edge;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A raw HTTP/2 client over TLS (ALPN h2) that writes and reads frames as given, for attacks. */
final class H2Wire implements AutoCloseable {
  static final int DATA = 0x0;
  static final int HEADERS = 0x1;
  static final int RST_STREAM = 0x3;
  static final int SETTINGS = 0x4;
  static final int PING = 0x6;
  static final int GOAWAY = 0x7;
  static final int WINDOW_UPDATE = 0x8;

  /** One frame read back. */
  record Frame(int type, int flags, int stream, byte[] payload) {
    /** The error code of a GOAWAY or RST_STREAM. */
    int errorCode() {
      ByteBuffer b = ByteBuffer.wrap(payload);
      return type == GOAWAY ? b.getInt(4) : b.getInt(0);
    }
  }

  private final SSLSocket socket;
  private final OutputStream out;
  private final DataInputStream in;

  /**
   * Connects, negotiates h2 and sends the preface and an empty SETTINGS frame; {@code
   * receiveBuffer} above 0 sets a small socket receive buffer first (a client that does not read
   * fills it soon).
   */
  H2Wire(SSLContext ctx, InetSocketAddress at, int receiveBuffer) throws IOException {
    socket = (SSLSocket) ctx.getSocketFactory().createSocket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.setSoTimeout(30_000);
    SSLParameters p = socket.getSSLParameters();
    p.setApplicationProtocols(new String[] {"h2"});
    socket.setSSLParameters(p);
    socket.connect(at, 5_000);
    socket.startHandshake();
    if (!"h2".equals(socket.getApplicationProtocol())) {
      throw new IOException("ALPN chose " + socket.getApplicationProtocol() + ", not h2");
    }
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    in = new DataInputStream(socket.getInputStream());
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    write(SETTINGS, 0, 0, new byte[0]);
    out.flush();
  }

  void write(int type, int flags, int stream, byte[] payload) throws IOException {
    out.write(frame(type, flags, stream, payload));
  }

  void flush() throws IOException {
    out.flush();
  }

  /** The next frame; EOFException or an SSL/socket exception when the edge closed. */
  Frame read() throws IOException {
    int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedByte();
    int stream = in.readInt() & 0x7fffffff;
    if (length > 1 << 20) {
      throw new IOException("frame of " + length + " bytes");
    }
    byte[] payload = in.readNBytes(length);
    return new Frame(type, flags, stream, payload);
  }

  /** A header block for {@code GET https://localhost/} (static table, literal authority). */
  static byte[] getRoot() {
    byte[] host = "localhost".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(5 + host.length);
    b.put((byte) 0x82).put((byte) 0x87).put((byte) 0x84); // GET, https, /
    b.put((byte) 0x01).put((byte) host.length).put(host); // :authority, without indexing
    return b.array();
  }

  /** A header block for {@code GET https://localhost PATH}, the path a literal. */
  static byte[] get(String path) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.write(0x82); // GET
    b.write(0x87); // https
    byte[] p = path.getBytes(StandardCharsets.US_ASCII);
    b.write(0x04); // :path, literal without indexing
    integer(b, 0, 7, p.length);
    b.writeBytes(p);
    byte[] host = "localhost".getBytes(StandardCharsets.US_ASCII);
    b.write(0x01); // :authority, literal without indexing
    integer(b, 0, 7, host.length);
    b.writeBytes(host);
    return b.toByteArray();
  }

  /** An HPACK integer with an {@code prefix}-bit prefix and the high bits {@code first}. */
  static void integer(java.io.ByteArrayOutputStream b, int first, int prefix, int value) {
    int max = (1 << prefix) - 1;
    if (value < max) {
      b.write(first | value);
      return;
    }
    b.write(first | max);
    for (int rest = value - max; ; rest >>= 7) {
      if (rest < 128) {
        b.write(rest);
        return;
      }
      b.write(rest & 0x7f | 0x80);
    }
  }

  static byte[] frame(int type, int flags, int stream, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
    b.put((byte) (payload.length >> 16))
        .put((byte) (payload.length >> 8))
        .put((byte) payload.length);
    b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
    return b.array();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
