package dev.brigade.monitor;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * NRPE's packets: version 2 (a fixed 1036 bytes) and versions 3 and 4 (a 16-byte header and a
 * buffer of the length it gives), big-endian, each with a CRC32 over the packet with its CRC field
 * zeroed.
 */
final class NrpePacket {
  static final short QUERY = 1;
  static final short RESPONSE = 2;

  /** Buffer of a v2 packet, including its terminating NUL. */
  static final int V2_BUFFER = 1024;

  /** A v2 packet on the wire: 2+2+4+2+1024 bytes and 2 bytes of struct padding. */
  static final int V2_SIZE = 1036;

  /** The header of a v3/v4 packet: version, type, crc32, result, alignment, buffer length. */
  static final int V4_HEADER = 16;

  /** Largest v3/v4 buffer accepted, as the NRPE daemon itself limits it. */
  static final int MAX_V4_BUFFER = 64 * 1024;

  /** Longest query sent with v4. */
  static final int MAX_V4_QUERY = 4096;

  /** The part common to all versions: version, type, crc32, result. */
  private static final int COMMON = 10;

  /** A decoded response. */
  record Response(int version, int resultCode, String text) {}

  private NrpePacket() {}

  /**
   * A query packet for {@code query} in protocol {@code version} 2 or 4.
   *
   * @throws IllegalArgumentException when the query does not fit the version's buffer
   */
  static byte[] query(int version, String query) {
    byte[] q = query.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b;
    if (version == 2) {
      if (q.length > V2_BUFFER - 1) {
        throw new IllegalArgumentException(
            "NRPE v2 query is " + q.length + " bytes, more than " + (V2_BUFFER - 1));
      }
      b = ByteBuffer.allocate(V2_SIZE);
      b.putShort((short) 2).putShort(QUERY).putInt(0).putShort((short) 0).put(q);
    } else {
      if (q.length > MAX_V4_QUERY) {
        throw new IllegalArgumentException(
            "NRPE query is " + q.length + " bytes, more than " + MAX_V4_QUERY);
      }
      // check_nrpe never sends a packet smaller than a v2 one; nor do we.
      int length = Math.max(q.length + 1, V2_SIZE - V4_HEADER);
      b = ByteBuffer.allocate(V4_HEADER + length);
      b.putShort((short) 4).putShort(QUERY).putInt(0).putShort((short) 0).putShort((short) 0);
      b.putInt(length).put(q);
    }
    byte[] packet = b.array();
    ByteBuffer.wrap(packet).putInt(4, (int) crc(packet));
    return packet;
  }

  /**
   * Reads one response packet, checking its version, type, length and CRC.
   *
   * @throws EOFException when the peer closed the connection before a whole packet
   * @throws ProtocolException when the packet is not a valid NRPE response
   */
  static Response read(InputStream in) throws IOException {
    byte[] common = in.readNBytes(COMMON);
    if (common.length == 0) {
      throw new EOFException("closed the connection without answering");
    }
    if (common.length < COMMON) {
      throw new EOFException("closed the connection after " + common.length + " bytes");
    }
    ByteBuffer head = ByteBuffer.wrap(common);
    int version = head.getShort(0);
    int type = head.getShort(2);
    if (version != 2 && version != 3 && version != 4) {
      throw new ProtocolException(
          "answered a packet of version " + version + ", not NRPE's 2, 3 or 4");
    }
    if (type != RESPONSE) {
      throw new ProtocolException("answered a packet of type " + type + ", not a response (2)");
    }
    byte[] packet;
    int bufferStart;
    int bufferLength;
    if (version == 2) {
      packet = new byte[V2_SIZE];
      System.arraycopy(common, 0, packet, 0, COMMON);
      readFully(in, packet, COMMON, V2_SIZE - COMMON);
      bufferStart = COMMON;
      bufferLength = V2_BUFFER;
    } else {
      byte[] rest = new byte[V4_HEADER - COMMON];
      readFully(in, rest, 0, rest.length);
      int length = ByteBuffer.wrap(rest).getInt(2);
      if (length < 0 || length > MAX_V4_BUFFER) {
        throw new ProtocolException(
            "answered a buffer length of "
                + Integer.toUnsignedString(length)
                + " bytes, limit "
                + MAX_V4_BUFFER);
      }
      packet = new byte[V4_HEADER + length];
      System.arraycopy(common, 0, packet, 0, COMMON);
      System.arraycopy(rest, 0, packet, COMMON, rest.length);
      readFully(in, packet, V4_HEADER, length);
      bufferStart = V4_HEADER;
      bufferLength = length;
    }
    long sent = Integer.toUnsignedLong(head.getInt(4));
    long computed = crc(packet);
    if (sent != computed) {
      throw new ProtocolException(
          String.format("answered a packet with CRC32 %08x, computed %08x", sent, computed));
    }
    int end = bufferStart;
    while (end < bufferStart + bufferLength && packet[end] != 0) {
      end++;
    }
    String text = new String(packet, bufferStart, end - bufferStart, StandardCharsets.UTF_8);
    return new Response(version, head.getShort(8), text);
  }

  private static void readFully(InputStream in, byte[] into, int off, int len) throws IOException {
    int n = in.readNBytes(into, off, len);
    if (n < len) {
      throw new EOFException(
          "closed the connection " + (len - n) + " bytes before the end of a packet");
    }
  }

  /** CRC32 of the packet with its CRC field (bytes 4 to 7) taken as zero. */
  static long crc(byte[] packet) {
    CRC32 crc = new CRC32();
    crc.update(packet, 0, 4);
    crc.update(new byte[4]);
    crc.update(packet, 8, packet.length - 8);
    return crc.getValue();
  }
}
