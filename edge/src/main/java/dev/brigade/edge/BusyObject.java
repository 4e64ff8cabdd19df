package dev.brigade.edge;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A response being fetched for the cache, readable while it arrives (Varnish's busy object): the
 * leader's capture appends the backend's body at the backend's speed, and every coalesced waiter
 * streams it to its own client at that client's speed, each from its own position. Shared across
 * event loops: appends and reads are synchronized, readers are woken on their own loop.
 *
 * <p>Its bytes are in the {@link InFlight} budget while anyone needs them: the leader's capture
 * reserves them as they arrive, and when the leader is done (stored, failed, its client gone or
 * not) they stay counted until the last reader ({@link #join}ed) has written its last byte and
 * {@link #leave}s.
 */
final class BusyObject {
  private record Reader(EventLoop loop, Runnable more, AtomicBoolean scheduled) {}

  /** The backend's response head (end-to-end fields only), as it will be stored. */
  final HttpResponse head;

  /** The Content-Length the backend announced, or -1. */
  final long length;

  /** The values of the leader's request fields named by Vary ("" without Vary). */
  final String variant;

  private final List<byte[]> chunks = new ArrayList<>();
  private final List<Reader> readers = new ArrayList<>();
  private final InFlight budget;
  private long size;
  private boolean complete;
  private boolean failed;
  private int joined;
  private boolean leaderDone;
  private long held;

  BusyObject(HttpResponse head, long length, String variant, InFlight budget) {
    this.head = head;
    this.length = length;
    this.variant = variant;
    this.budget = budget;
  }

  /** A waiter will stream this object: its bytes stay counted until it {@link #leave}s. */
  synchronized void join() {
    if (joined++ == 0 && leaderDone) {
      held = size; // the leader gave its bytes back already: count them again
      budget.hold(held);
    }
  }

  /** A waiter is done with this object (written to the end, cut, or its client gone). */
  synchronized void leave() {
    if (--joined == 0 && leaderDone) {
      budget.free(held);
      held = 0;
    }
  }

  /**
   * The leader is done with its capture: the {@code reserved} bytes it counted go back to the
   * budget now, or when the last reader leaves.
   */
  synchronized void keepCounted(long reserved) {
    leaderDone = true;
    if (joined == 0) {
      budget.free(reserved);
    } else {
      held = reserved;
    }
  }

  /** Bytes this object keeps counted for its readers after the leader was done (for tests). */
  synchronized long held() {
    return held;
  }

  HttpHeaders headers() {
    return head.headers();
  }

  /** Bytes captured so far. */
  synchronized long size() {
    return size;
  }

  /** Appends a part of the body (the array is the object's from now on). */
  void append(byte[] chunk) {
    synchronized (this) {
      chunks.add(chunk);
      size += chunk.length;
    }
    wake();
  }

  /** The whole body arrived: readers finish their responses. */
  void complete() {
    synchronized (this) {
      complete = true;
    }
    wake();
  }

  /** The fetch broke off or will not be stored: readers cut their responses (never short). */
  void fail() {
    synchronized (this) {
      failed = true; // its readers drop it (and its chunks) on their next turn
    }
    wake();
  }

  synchronized int chunks() {
    return chunks.size();
  }

  synchronized byte[] chunk(int i) {
    return chunks.get(i);
  }

  synchronized boolean isComplete() {
    return complete;
  }

  synchronized boolean isFailed() {
    return failed;
  }

  /** The body, for the store. */
  synchronized byte[] toByteArray() {
    byte[] out = new byte[(int) size];
    int at = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, out, at, c.length);
      at += c.length;
    }
    return out;
  }

  /** Runs {@code more} on {@code loop} whenever something arrives (coalesced: once per turn). */
  void subscribe(EventLoop loop, Runnable more) {
    synchronized (this) {
      readers.add(new Reader(loop, more, new AtomicBoolean()));
    }
    wake();
  }

  private void wake() {
    List<Reader> rs;
    synchronized (this) {
      rs = List.copyOf(readers);
    }
    for (Reader r : rs) {
      if (r.scheduled().compareAndSet(false, true)) {
        r.loop()
            .execute(
                () -> {
                  r.scheduled().set(false);
                  r.more().run();
                });
      }
    }
  }
}
