package dev.brigade.testhosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the machine's own tools (ip, mount, ssh-keygen) for the fixture. */
final class Commands {
  private Commands() {}

  /** Runs a command to its end and answers its output; throws unless it exits 0. */
  static String run(List<String> command, Duration limit) throws IOException, InterruptedException {
    return run(command, null, limit);
  }

  /** Like {@link #run(List, Duration)}, with {@code stdin} as its standard input. */
  static String run(List<String> command, byte[] stdin, Duration limit)
      throws IOException, InterruptedException {
    ShellResult r = result(command, stdin, limit);
    if (r.exitCode() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited " + r.exitCode() + ": " + r.output().strip());
    }
    return r.output();
  }

  /** Runs a command to its end, whatever its exit code. */
  static ShellResult result(List<String> command, byte[] stdin, Duration limit)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    }
    // read on another thread so a chatty command cannot block on a full pipe past the limit
    var output =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
              }
            });
    if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in " + limit);
    }
    return new ShellResult(p.exitValue(), output.join());
  }

  /** Runs a command and ignores its failure (teardown of something that may be gone already). */
  static void quietly(List<String> command) {
    quietly(command, Duration.ofSeconds(20));
  }

  /** Like {@link #quietly(List)} with a time limit (removing many hosts' files takes a while). */
  static void quietly(List<String> command, Duration limit) {
    try {
      result(command, null, limit);
    } catch (IOException e) {
      // nothing to clean up, or nothing more to do
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
