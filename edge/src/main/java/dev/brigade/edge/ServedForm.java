package dev.brigade.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Which form of a stored body a client gets, and the header changes that go with it.
 *
 * <ul>
 *   <li>Compressed by the edge: gzip (Content-Encoding: gzip, the ETag weakened as nginx does) to
 *       clients that accept it, the decoded body with the origin's own headers to the others and to
 *       every Range request: ranges are always of the identity form (RFC 9110 section 14), which
 *       the origin's strong ETag names, so If-Range works.
 *   <li>Gzipped by the origin: as stored to clients that accept gzip (ranges of the stored bytes,
 *       the origin's representation); decoded for the others, with the ETag weakened and no
 *       Content-Encoding, and a Range is then ignored (a cache MAY, RFC 9110 section 14.2).
 *   <li>Anything else: as stored.
 * </ul>
 *
 * Both gzip kinds carry Vary: Accept-Encoding.
 *
 * @param body the bytes to send (null for a HEAD that needs no decoding)
 * @param length the body's length
 * @param gzip Content-Encoding: gzip is sent
 * @param weakEtag the ETag is sent weakened
 * @param ranges Range requests are answered from {@code body}
 * @param varies Vary: Accept-Encoding is sent
 * @param decoded the body is the decoded form of a gzipped one
 */
record ServedForm(
    byte[] body,
    int length,
    boolean gzip,
    boolean weakEtag,
    boolean ranges,
    boolean varies,
    boolean decoded) {

  /** The form of {@code s} for a request with {@code request}'s headers. */
  static ServedForm of(StoredResponse s, HttpHeaders request, boolean head) {
    byte enc = s.encoding();
    if (enc == StoredResponse.IDENTITY || enc == StoredResponse.OTHER) {
      return new ServedForm(s.body(), s.body().length, false, false, true, false, false);
    }
    boolean accepts = AcceptEncoding.gzip(request.getAll(HttpHeaderNames.ACCEPT_ENCODING));
    if (enc == StoredResponse.EDGE_GZIP) {
      boolean identity = !accepts || request.contains(HttpHeaderNames.RANGE) && s.status() == 200;
      if (!identity) {
        return new ServedForm(s.body(), s.body().length, true, true, false, true, false);
      }
      return decoded(s, head, false, true);
    }
    if (accepts) {
      return new ServedForm(s.body(), s.body().length, false, false, true, true, false);
    }
    return decoded(s, head, true, false);
  }

  private static ServedForm decoded(StoredResponse s, boolean head, boolean weak, boolean ranges) {
    if (head) {
      return new ServedForm(null, s.identityLength(), false, weak, ranges, true, true);
    }
    byte[] plain = Compression.decodeStored(s.body(), s.identityLength());
    if (plain == null) {
      plain = Compression.gunzip(s.body(), 0, s.body().length, s.identityLength()); // members
    }
    if (plain == null || plain.length != s.identityLength()) {
      // cannot happen (checked when stored); the stored bytes and their encoding, then
      boolean edge = s.encoding() == StoredResponse.EDGE_GZIP;
      return new ServedForm(s.body(), s.body().length, true, edge, false, true, false);
    }
    return new ServedForm(plain, plain.length, false, weak, ranges, true, true);
  }

  /** Content-Encoding, ETag and Vary for this form (the Content-Length is set by the caller). */
  void apply(HttpHeaders h, StoredResponse s) {
    if (gzip) {
      h.set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
    } else if (decoded) {
      h.remove(HttpHeaderNames.CONTENT_ENCODING);
    }
    if (weakEtag && h.contains(HttpHeaderNames.ETAG)) {
      h.set(HttpHeaderNames.ETAG, Compression.weak(h.get(HttpHeaderNames.ETAG)));
    }
    if (varies) {
      Compression.vary(h);
    }
  }
}
