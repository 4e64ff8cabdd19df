package dev.brigade.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The section's {@code test} command, run on this machine before the switch (beside the uploads).
 */
final class LocalTest {
  private LocalTest() {}

  /** Runs {@code deploy.test} in an export of the revision on this machine, beside the uploads. */
  static Thread start(
      DeploySettings settings,
      Path archive,
      DeployListener listener,
      AtomicReference<String> failure) {
    return Thread.ofVirtual()
        .start(
            () -> {
              if (settings.test().isEmpty()) {
                return;
              }
              Path dir = null;
              try {
                dir = Files.createTempDirectory("brigade-test-");
                run(
                    List.of("tar", "-xzf", archive.toString(), "-C", dir.toString()),
                    dir,
                    settings.timeout());
                listener.note("test: " + settings.test().get());
                String out =
                    run(List.of("sh", "-c", settings.test().get()), dir, settings.timeout());
                listener.note("test passed" + (out.isBlank() ? "" : ": " + lastLine(out)));
              } catch (IOException e) {
                failure.compareAndSet(null, "test command failed: " + e.getMessage());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                if (dir != null) {
                  try {
                    run(
                        List.of("rm", "-rf", dir.toString()),
                        dir.getParent(),
                        Duration.ofMinutes(1));
                  } catch (IOException | InterruptedException e) {
                    // a temporary directory left behind
                  }
                }
              }
            });
  }

  private static String run(List<String> command, Path dir, Duration limit)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    var out =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(
                    p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "";
              }
            });
    if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException("'" + String.join(" ", command) + "' did not finish in " + limit);
    }
    if (p.exitValue() != 0) {
      throw new IOException("exit code " + p.exitValue() + ": " + lastLine(out.join()));
    }
    return out.join();
  }

  private static String lastLine(String out) {
    List<String> lines = out.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.getLast();
  }
}
