package dev.brigade.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sits on a command's stderr and takes out the line {@link #prefix()} makes its shell print first,
 * {@code <marker> <pid>}: the shell's pid, which is the process group of the command and its
 * children (sshd makes each session's shell a session leader), so that a command that timed out can
 * be killed with {@code kill -- -PGID}. Lines before the marker (a noisy .bashrc) pass through;
 * scanning stops after the marker or after the first {@value #SCAN_LIMIT} bytes.
 */
final class GroupMarker extends OutputStream {
  static final int SCAN_LIMIT = 64 * 1024;

  private final OutputStream downstream;
  private final String marker;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long scanned;
  private boolean scanning = true;
  private long processGroup = -1;

  GroupMarker(OutputStream downstream, String marker) {
    this.downstream = downstream;
    this.marker = marker;
  }

  /**
   * The first line of the command sent: prints the marker and the pid on stderr. Needs a POSIX
   * login shell (sh, bash, dash, ksh, zsh).
   */
  static String prefix(String marker) {
    return "echo " + marker + " $$ >&2\n";
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (!scanning) {
      downstream.write(b);
      return;
    }
    scanned++;
    if (b == '\n') {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.startsWith(marker + " ")) {
        scanning = false;
        notifyAll();
        try {
          processGroup = Long.parseLong(text.substring(marker.length() + 1).strip());
        } catch (NumberFormatException e) {
          processGroup = -1;
        }
        return;
      }
      downstream.write((text + "\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    line.write(b);
    if (scanned >= SCAN_LIMIT) {
      finish();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    int i = 0;
    while (scanning && i < len) {
      write(b[off + i++]);
    }
    if (i < len) {
      downstream.write(b, off + i, len - i);
    }
  }

  /** Stops scanning and passes on a partial line it holds. */
  synchronized void finish() throws IOException {
    scanning = false;
    notifyAll();
    line.writeTo(downstream);
    line.reset();
  }

  /**
   * Waits until the marker line came (or scanning stopped) and answers the process group: a command
   * can time out before its shell has even started when the server is slow to set up the session.
   */
  synchronized long awaitProcessGroup(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (scanning) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return processGroup;
  }

  /** The command's process group, or -1 when its shell did not say. */
  synchronized long processGroup() {
    return processGroup;
  }
}
