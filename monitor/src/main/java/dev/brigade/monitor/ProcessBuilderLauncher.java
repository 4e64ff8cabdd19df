package dev.brigade.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The portable launcher: {@link ProcessBuilder} (on Linux a posix_spawn of {@code jspawnhelper},
 * which execs the plugin: two execs per run), output drained by virtual threads.
 */
final class ProcessBuilderLauncher implements PluginLauncher {
  @Override
  public String name() {
    return "ProcessBuilder";
  }

  @Override
  public Run run(List<String> argv, Deadline deadline, int maxOutputBytes)
      throws InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      return new NotStarted(Results.message(e));
    }
    AtomicBoolean cut = new AtomicBoolean();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread so = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out, cut, maxOutputBytes));
    Thread se =
        Thread.ofVirtual()
            .start(() -> drain(p.getErrorStream(), err, new AtomicBoolean(), maxOutputBytes));
    try {
      if (!p.waitFor(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
        kill(p);
        return new Ran(-1, true, new byte[0], new byte[0], false);
      }
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    so.join(2000);
    se.join(2000);
    return new Ran(p.exitValue(), false, out.toByteArray(), err.toByteArray(), cut.get());
  }

  private static void kill(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(2, TimeUnit.SECONDS);
  }

  private static void drain(
      InputStream in, ByteArrayOutputStream out, AtomicBoolean cut, int maxOutputBytes) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        int room = maxOutputBytes - out.size();
        if (room > 0) {
          out.write(buf, 0, Math.min(room, n));
        }
        if (n > room) {
          cut.set(true); // keep reading so the plugin never blocks on a full pipe
        }
      }
    } catch (IOException e) {
      // the process ended or was killed: what was read is what there is
    }
  }
}
