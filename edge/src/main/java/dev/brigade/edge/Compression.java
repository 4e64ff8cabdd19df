package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * gzip for stored responses ({@code edge.compression}): what the edge compresses, and the codec. A
 * cacheable response is compressed once when it is stored, if it is of a listed type, at least
 * {@code minLength} bytes long, not encoded by the origin and not marked {@code no-transform} (RFC
 * 9111 section 5.2.2.6); hits are served as stored to clients that accept gzip and decoded for the
 * others. Pure functions of headers and bytes.
 *
 * @param gzip whether the edge compresses at all
 * @param level the Deflater level, 1 (fast) to 9 (small)
 * @param minLength smaller bodies are stored as they came (nginx's gzip_min_length)
 * @param types media types compressed; {@code text/*} stands for every text type
 */
public record Compression(boolean gzip, int level, int minLength, List<String> types) {
  /** The types nginx users usually list, plus the text types. */
  public static final List<String> TYPES =
      List.of(
          "text/*",
          "application/json",
          "application/javascript",
          "application/xml",
          "application/xhtml+xml",
          "application/rss+xml",
          "application/atom+xml",
          "application/ld+json",
          "application/manifest+json",
          "application/x-javascript",
          "image/svg+xml");

  /** On, level 5, 256 bytes, {@link #TYPES}: Varnish stores gzipped by default too. */
  public static final Compression DEFAULT = new Compression(true, 5, 256, TYPES);

  /** Nothing compressed. */
  public static final Compression OFF = new Compression(false, 5, 256, TYPES);

  public Compression {
    types = types.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
  }

  /** The media type of {@code contentType} is one of {@link #types}. */
  boolean compressibleType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String mt = (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    mt = mt.toLowerCase(Locale.ROOT);
    for (String t : types) {
      if (t.endsWith("/*") ? mt.startsWith(t.substring(0, t.length() - 1)) : mt.equals(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The edge may compress this response (any length): gzip on, a listed type, no Content-Encoding,
   * no Content-Range, no {@code no-transform}, a status with a body.
   */
  boolean applies(int status, HttpHeaders h) {
    if (!gzip || status < 200 || status == 204 || status == 206 || status == 304) {
      return false;
    }
    if (encoded(h) || h.contains(HttpHeaderNames.CONTENT_RANGE) || noTransform(h)) {
      return false;
    }
    return compressibleType(h.get(HttpHeaderNames.CONTENT_TYPE));
  }

  /** The edge compresses this body when it stores it. */
  boolean compresses(int status, HttpHeaders h, int length) {
    return length >= Math.max(1, minLength) && applies(status, h);
  }

  /** The body has a Content-Encoding other than identity. */
  static boolean encoded(HttpHeaders h) {
    for (String ce : h.getAll(HttpHeaderNames.CONTENT_ENCODING)) {
      if (!ce.isBlank() && !ce.strip().equalsIgnoreCase("identity")) {
        return true;
      }
    }
    return false;
  }

  static boolean noTransform(HttpHeaders h) {
    for (String v : h.getAll(HttpHeaderNames.CACHE_CONTROL)) {
      if (v.toLowerCase(Locale.ROOT).contains("no-transform")) {
        return true;
      }
    }
    return false;
  }

  /** The origin sent it gzipped (Content-Encoding: gzip or x-gzip, nothing else). */
  static boolean originGzip(HttpHeaders h) {
    List<String> ce = h.getAll(HttpHeaderNames.CONTENT_ENCODING);
    if (ce.size() != 1) {
      return false;
    }
    String v = ce.get(0).strip().toLowerCase(Locale.ROOT);
    return v.equals("gzip") || v.equals("x-gzip");
  }

  /** Adds Accept-Encoding to the Vary field unless it is listed (or Vary is *). */
  static void vary(HttpHeaders h) {
    for (String line : h.getAll(HttpHeaderNames.VARY)) {
      for (String n : line.split(",")) {
        String name = n.strip();
        if (name.equals("*") || name.equalsIgnoreCase("accept-encoding")) {
          return;
        }
      }
    }
    h.add(HttpHeaderNames.VARY, "Accept-Encoding");
  }

  /** A weak ETag for the gzip form of a strongly tagged body (as nginx does); weak ones stay. */
  static String weak(String etag) {
    return etag == null || etag.startsWith("W/") ? etag : "W/" + etag;
  }

  private static final ThreadLocal<Deflater> DEFLATERS =
      ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));

  /**
   * {@code body} gzipped at {@code level} (RFC 1952: a 10-byte header, raw deflate, CRC-32 and
   * length) with this thread's reused Deflater: a new one allocates and clears some 256 KB of
   * native memory every time.
   */
  static byte[] gzip(byte[] body, int level) {
    Deflater d = DEFLATERS.get();
    d.reset();
    d.setLevel(level);
    d.setInput(body);
    d.finish();
    byte[] out = new byte[10 + body.length + body.length / 1000 + 64 + 8];
    out[0] = 0x1f;
    out[1] = (byte) 0x8b;
    out[2] = 8; // deflate; no flags, no time, no extra flags
    out[9] = (byte) 0xff; // unknown operating system
    int n = 10;
    while (!d.finished()) {
      if (n == out.length - 8) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      n += d.deflate(out, n, out.length - 8 - n);
    }
    CRC32 crc = new CRC32();
    crc.update(body);
    littleEndian(out, n, (int) crc.getValue());
    littleEndian(out, n + 4, body.length);
    return Arrays.copyOf(out, n + 8);
  }

  private static void littleEndian(byte[] a, int at, int v) {
    a[at] = (byte) v;
    a[at + 1] = (byte) (v >>> 8);
    a[at + 2] = (byte) (v >>> 16);
    a[at + 3] = (byte) (v >>> 24);
  }

  /** The gzip data decoded, or null when it is not gzip or decodes to more than {@code max}. */
  static byte[] gunzip(byte[] data, int offset, int length, long max) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data, offset, length))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length * 3));
      byte[] buf = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > max) {
          return null;
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      return null; // broken gzip: stored and served as it came
    }
  }

  private static final ThreadLocal<Inflater> INFLATERS =
      ThreadLocal.withInitial(() -> new Inflater(true));

  /**
   * A stored gzip body decoded to exactly {@code length} bytes (its length was checked when it was
   * stored), with this thread's reused Inflater; null when it does not decode to that length.
   */
  static byte[] decodeStored(byte[] gz, int length) {
    int at = gzipHeaderLength(gz);
    if (at < 0) {
      return null;
    }
    Inflater inf = INFLATERS.get();
    inf.reset();
    inf.setInput(gz, at, gz.length - at);
    byte[] out = new byte[length];
    try {
      int n = 0;
      while (n < length) {
        int r = inf.inflate(out, n, length - n);
        if (r == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += r;
      }
      return n == length ? out : null;
    } catch (DataFormatException e) {
      return null;
    }
  }

  /** The length of a gzip member's header (RFC 1952 section 2.3), or -1 when it is not gzip. */
  static int gzipHeaderLength(byte[] gz) {
    if (gz.length < 18 || (gz[0] & 0xff) != 0x1f || (gz[1] & 0xff) != 0x8b || gz[2] != 8) {
      return -1;
    }
    int flags = gz[3] & 0xff;
    int at = 10;
    if ((flags & 4) != 0) { // FEXTRA
      if (at + 2 > gz.length) {
        return -1;
      }
      at += 2 + ((gz[at] & 0xff) | (gz[at + 1] & 0xff) << 8);
    }
    for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
      if ((flags & bit) != 0) {
        while (at < gz.length && gz[at] != 0) {
          at++;
        }
        at++;
      }
    }
    if ((flags & 2) != 0) { // FHCRC
      at += 2;
    }
    return at < gz.length ? at : -1;
  }
}
