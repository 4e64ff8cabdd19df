package dev.brigade.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The edge's own error pages: short, escaped HTML naming the status and request id. */
final class ErrorPages {
  private ErrorPages() {}

  static FullHttpResponse page(
      ByteBufAllocator alloc,
      HttpResponseStatus status,
      String detail,
      String requestId,
      boolean close) {
    String html =
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>"
            + status.code()
            + " "
            + escape(status.reasonPhrase())
            + "</title></head><body><h1>"
            + status.code()
            + " "
            + escape(status.reasonPhrase())
            + "</h1>\n<p>"
            + escape(detail)
            + "</p>\n"
            + (requestId == null
                ? ""
                : "<p><small>request " + escape(requestId) + " &middot; brigade edge</small></p>\n")
            + "</body></html>\n";
    ByteBuf body = alloc.buffer(html.length());
    body.writeCharSequence(html, StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    if (status.code() == 503) {
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
    }
    if (close) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return r;
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
