package dev.brigade.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sits before the HTTP codec and follows each request's framing byte by byte, strictly, where
 * Netty's decoder is lenient: obs-fold in a head (RFC 9112 section 5.2, which the codec would
 * silently join), chunk-size lines that are not {@code 1*HEXDIG [chunk-ext] CRLF} (section 7.1: the
 * codec ignores anything after the digits), chunk data not followed by exactly CRLF (the codec
 * skips to the next LF), bare LF or obs-fold in a trailer section. A violation drops the bytes
 * before they reach the codec and tells the {@link Listener}; the connection is then refused.
 *
 * <p>The codec stays the parser; this only refuses. Where the two could disagree (a head the guard
 * refuses anyway: two Content-Lengths, a coding other than chunked), tracking stops, since the
 * connection is closed after the refusal.
 *
 * <p>It is also the pipelining gate: Netty's codec decodes every request in the bytes it is given
 * (and fails past 128 unanswered ones), so the bytes of a request head are held back here while
 * {@link #MAX_UNANSWERED} requests wait for their answers, and the listener pauses reading; an
 * answer lets the held bytes on. A deep pipeline costs at most the held bytes of one read, as in
 * HAProxy and nginx, which stop reading a connection whose requests are not answered yet.
 */
final class RequestFraming extends ChannelInboundHandlerAdapter {
  /** Longest chunk-size line, extensions included. */
  static final int MAX_CHUNK_LINE = 4096;

  /** Requests passed on to the codec and not yet answered, before their successors are held. */
  static final int MAX_UNANSWERED = 64;

  /** Bytes held at most while reading is paused (one read or two); past this the client is cut. */
  static final int MAX_HELD = 1 << 20;

  /** What the connection learns from the framing. */
  interface Listener {
    /** The first byte of a request head arrived (starts the head timer). */
    void headStarted();

    /** Body bytes of the current request arrived (restarts the between-bytes timer). */
    void bodyBytes();

    /** The request's framing is invalid: refuse it and close. */
    void malformed(String reason);

    /** Bytes are held back (reading must pause), or all of them went on (reading may resume). */
    void holding(boolean held);
  }

  private enum State {
    HEAD,
    BODY,
    CHUNK_LINE,
    CHUNK_DATA,
    CHUNK_CR,
    CHUNK_LF,
    TRAILER,
    UNTRACKED,
    DEAD
  }

  private final Listener listener;
  private State state = State.HEAD;
  private final byte[] line = new byte[1024];
  private int lineLength;
  private boolean lineTruncated;
  private int lineTotal;
  private boolean cr;
  private boolean headLines; // a line of the current head was seen (request line included)
  private long remaining;
  private String te;
  private String cl;
  private int clCount;
  private boolean upgradeField; // the current head has an Upgrade field

  /**
   * A request with an Upgrade field is unanswered: what follows it waits, since after a 101 it is
   * another protocol's bytes, which go to the {@link Tunnel} unparsed ({@link #takeHeld}).
   */
  private boolean upgradePending;

  private int unanswered;
  private int stopAt = -1;
  private CompositeByteBuf held;
  private boolean releaseScheduled;
  private ChannelHandlerContext ctx;

  RequestFraming(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    dropHeld();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dropHeld();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf b)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (state == State.DEAD) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (held != null) {
      held.addComponent(true, b); // read while paused (the read in progress): held as well
      if (held.readableBytes() > MAX_HELD) {
        dropHeld();
        state = State.DEAD;
        listener.malformed("too many pipelined requests unanswered");
      } else {
        listener.holding(true);
      }
      return;
    }
    pass(ctx, b);
  }

  /** Scans {@code b} and passes it on, up to the head of a request that must wait. */
  private void pass(ChannelHandlerContext ctx, ByteBuf b) {
    stopAt = -1;
    String bad = scan(b);
    if (bad != null) {
      state = State.DEAD;
      ReferenceCountUtil.release(b);
      listener.malformed(bad);
      return;
    }
    if (stopAt >= 0) {
      held = ctx.alloc().compositeBuffer();
      held.addComponent(true, b.retainedSlice(stopAt, b.writerIndex() - stopAt));
      b.writerIndex(stopAt);
      listener.holding(true);
    }
    if (b.isReadable()) {
      ctx.fireChannelRead(b);
    } else {
      b.release();
    }
  }

  /**
   * A request was answered (its exchange ended): when the held bytes may go on, they do, on a later
   * turn of the event loop (never from inside the stage that answered).
   */
  void answered() {
    if (unanswered > 0) {
      unanswered--;
    }
    if (unanswered == 0) {
      upgradePending = false;
    }
    if (held != null
        && !releaseScheduled
        && unanswered < MAX_UNANSWERED
        && !upgradePending
        && ctx != null) {
      releaseScheduled = true;
      ctx.executor().execute(this::release);
    }
  }

  /**
   * The bytes held back, now the connection is a {@link Tunnel}'s (null when none); nothing more is
   * scanned or passed on.
   */
  ByteBuf takeHeld() {
    state = State.DEAD;
    ByteBuf h = held;
    held = null;
    return h;
  }

  /** Whether bytes are held back (for tests and for the reading decision). */
  boolean holding() {
    return held != null;
  }

  private void release() {
    releaseScheduled = false;
    if (held == null || state == State.DEAD || ctx.isRemoved()) {
      return;
    }
    ByteBuf h = held;
    held = null;
    pass(ctx, h);
    if (held == null && state != State.DEAD) {
      listener.holding(false);
      ctx.fireChannelReadComplete(); // the connection flushes what the released requests wrote
    }
  }

  private void dropHeld() {
    if (held != null) {
      held.release();
      held = null;
    }
  }

  /** Scans the readable bytes; the reason when they break the framing, else null. */
  private String scan(ByteBuf b) {
    int i = b.readerIndex();
    int end = b.writerIndex();
    boolean body = false;
    scan:
    while (i < end) {
      switch (state) {
        case UNTRACKED -> {
          return null;
        }
        case BODY, CHUNK_DATA -> {
          int n = (int) Math.min(remaining, end - i);
          i += n;
          remaining -= n;
          body = true;
          if (remaining == 0) {
            state = state == State.BODY ? State.HEAD : State.CHUNK_CR;
          }
        }
        case CHUNK_CR -> {
          if (b.getByte(i++) != '\r') {
            return "chunk data not followed by CRLF";
          }
          state = State.CHUNK_LF;
        }
        case CHUNK_LF -> {
          if (b.getByte(i++) != '\n') {
            return "chunk data not followed by CRLF";
          }
          state = State.CHUNK_LINE;
        }
        default -> {
          // the bytes of lines in one pass (forEachByte: no bounds and liveness check per byte)
          int last = b.forEachByte(i, end - i, lineScanner);
          if (scanError != null) {
            String why = scanError;
            scanError = null;
            return why;
          }
          if (scanHeld) {
            scanHeld = false;
            stopAt = last; // this head waits until an earlier request is answered
            break scan;
          }
          i = last < 0 ? end : last + 1;
        }
      }
    }
    if (body) {
      listener.bodyBytes();
    }
    return null;
  }

  /** What {@link #lineScanner} stopped for: a framing error, or a head held back. */
  private String scanError;

  private boolean scanHeld;

  /** Takes line bytes while the state stays a line state (head, chunk-size, trailer). */
  private final ByteProcessor lineScanner = this::scanLineByte;

  private boolean scanLineByte(byte x) {
    if (state == State.HEAD && !headLines && lineTotal == 0 && !cr) {
      if (unanswered >= MAX_UNANSWERED || upgradePending) {
        scanHeld = true; // this byte is not taken
        return false;
      }
      listener.headStarted();
    }
    String why = lineByte(x);
    if (why != null) {
      scanError = why;
      return false;
    }
    return switch (state) {
      case UNTRACKED, BODY, CHUNK_DATA, CHUNK_CR, CHUNK_LF -> false;
      default -> true;
    };
  }

  /** One byte of a head, chunk-size or trailer line. */
  private String lineByte(byte x) {
    if (cr) {
      cr = false;
      if (x != '\n') {
        return "CR without LF";
      }
      String why = endOfLine();
      lineLength = 0;
      lineTotal = 0;
      lineTruncated = false;
      return why;
    }
    if (x == '\r') {
      cr = true;
      return null;
    }
    if (x == '\n') {
      // bare LF: the codec refuses it in a head (strict parsing); refuse it everywhere
      return "bare LF";
    }
    if (lineTotal == 0 && (x == ' ' || x == '\t') && state != State.CHUNK_LINE) {
      if (state == State.HEAD && headLines || state == State.TRAILER) {
        return state == State.HEAD ? "obs-fold in the request head" : "obs-fold in a trailer";
      }
    }
    lineTotal++;
    if (state == State.CHUNK_LINE && lineTotal > MAX_CHUNK_LINE) {
      return "chunk-size line too long";
    }
    if (lineLength < line.length) {
      line[lineLength++] = x;
    } else {
      lineTruncated = true;
    }
    return null;
  }

  private String endOfLine() {
    return switch (state) {
      case HEAD -> headLine();
      case CHUNK_LINE -> chunkLine();
      case TRAILER -> {
        if (lineTotal == 0) {
          state = State.HEAD;
        }
        yield null;
      }
      default -> null;
    };
  }

  private String headLine() {
    if (lineTotal == 0) {
      if (!headLines) {
        return null; // empty lines before a request line are ignored (RFC 9112 section 2.2)
      }
      headLines = false;
      return endOfHead();
    }
    if (!headLines) {
      headLines = true; // the request line
      te = null;
      cl = null;
      clCount = 0;
      upgradeField = false;
      return null;
    }
    String s = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
    int colon = s.indexOf(':');
    if (colon <= 0) {
      return null; // the codec refuses it
    }
    String name = s.substring(0, colon).toLowerCase(Locale.ROOT);
    boolean framing = name.equals("transfer-encoding") || name.equals("content-length");
    if (framing && lineTruncated) {
      return "a " + name + " field too long";
    }
    String value = s.substring(colon + 1).strip();
    if (name.equals("transfer-encoding")) {
      te = te == null ? value : te + "," + value;
    } else if (name.equals("content-length")) {
      cl = value;
      clCount++;
    } else if (name.equals("upgrade") && !value.equalsIgnoreCase("h2c")) {
      upgradeField = true; // h2c is never forwarded: the JDK's client asks for it on every request
    }
    return null;
  }

  private String endOfHead() {
    unanswered++;
    upgradePending = upgradePending || upgradeField;
    if (te != null) {
      if (cl != null || !te.toLowerCase(Locale.ROOT).equals("chunked")) {
        state = State.UNTRACKED; // the guard refuses it and the connection closes
        return null;
      }
      state = State.CHUNK_LINE;
      return null;
    }
    if (cl != null) {
      if (clCount > 1 || !cl.matches("[0-9]{1,18}")) {
        state = State.UNTRACKED;
        return null;
      }
      remaining = Long.parseLong(cl);
      state = remaining == 0 ? State.HEAD : State.BODY;
    }
    return null;
  }

  /** A chunk-size line read in full: the next state, or the reason it is refused. */
  private String chunkLine() {
    if (lineTruncated) {
      return "chunk-size line too long";
    }
    long size = HttpSyntax.chunkSize(line, lineLength);
    if (size < 0) {
      return HttpSyntax.chunkError(size);
    }
    if (size == 0) {
      state = State.TRAILER;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
    return null;
  }
}
