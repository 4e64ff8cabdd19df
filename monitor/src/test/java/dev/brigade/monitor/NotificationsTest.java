package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notification delivery with real processes and a real webhook receiver. */
class NotificationsTest {
  @TempDir Path dir;

  private static Alert alert(String target, List<String> contacts) {
    return new Alert(
        "PROBLEM",
        target,
        "app1",
        "127.0.0.1",
        Optional.of("http"),
        "CRITICAL",
        "HARD",
        1,
        "CRITICAL - down",
        Instant.parse("2026-11-25T10:00:00Z"),
        contacts,
        Optional.empty(),
        Optional.empty());
  }

  private static MonitorSettings.Contact contact(
      String name, Optional<String> webhook, Optional<String> command) {
    return new MonitorSettings.Contact(
        name, Optional.empty(), webhook, command, Set.copyOf(MonitorSettings.Contact.EVENTS));
  }

  private Path script(String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    p.toFile().setExecutable(true);
    return p;
  }

  @Test
  void hungNotificationCommands_neverHoldUpAWebhook() throws Exception {
    Path hang = script("hang.sh", "exec sleep 600");
    CountDownLatch hooked = new CountDownLatch(1);
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(200, -1);
          ex.close();
          hooked.countDown();
        });
    hook.start();
    List<String> journal = new CopyOnWriteArrayList<>();
    Notifications n =
        new Notifications(
            Map.of(
                "pager", contact("pager", Optional.empty(), Optional.of(hang.toString())),
                "chat",
                    contact(
                        "chat",
                        Optional.of("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"),
                        Optional.empty())),
            List.of(new WebhookNotifier(), new CommandNotifier(Duration.ofMinutes(10))),
            List.of(),
            (a, what) -> journal.add(what));
    try {
      // more hung commands than there are send permits
      for (int i = 0; i < 12; i++) {
        n.send(alert("app1/http" + i, List.of("pager")));
      }
      n.send(alert("app1/http", List.of("chat")));
      assertThat(hooked.await(20, TimeUnit.SECONDS)).as(journal::toString).isTrue();
    } finally {
      n.close();
      hook.stop(0);
      ProcessHandle.current()
          .descendants()
          .filter(h -> h.info().commandLine().orElse("").contains("sleep 600"))
          .forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aCommandPastItsTimeout_isKilledWithTheChildrenItStarted() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    // the child keeps stderr open after its parent is gone: reading stderr first waited for it
    Path s = script("slow.sh", "sleep 600 & echo $! > " + pidFile + "\nwait");
    CommandNotifier c = new CommandNotifier(Duration.ofMillis(500));
    assertThatThrownBy(
            () ->
                c.send(
                    alert("app1/http", List.of("pager")),
                    contact("pager", Optional.empty(), Optional.of(s.toString()))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("timed out after 500 ms and was killed");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> h = ProcessHandle.of(child);
    if (h.isPresent()) {
      h.get().onExit().get(5, TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void aCommandThatFloodsStderr_isNotBlockedByIt_andItsFirstLineIsKept() throws Exception {
    // 1 MiB to stderr, more than a pipe holds, then a failure
    Path s =
        script(
            "flood.sh",
            "echo 'cannot reach the pager service' >&2\n"
                + "head -c 1048576 /dev/zero | tr '\\\\0' x >&2\nexit 3");
    CommandNotifier c = new CommandNotifier(Duration.ofSeconds(20));
    assertThatThrownBy(
            () ->
                c.send(
                    alert("app1/http", List.of("pager")),
                    contact("pager", Optional.empty(), Optional.of(s.toString()))))
        .isInstanceOf(IOException.class)
        .hasMessage("notification command exited 3: cannot reach the pager service");
  }

  @Test
  void aWebhookAnsweringWithoutEnd_isReadOnlyAsFarAsItsHead() throws Exception {
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(503, 0); // chunked, no end
          byte[] line = "overloaded, try later\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          try (var out = ex.getResponseBody()) {
            while (true) {
              out.write(line);
            }
          } catch (IOException clientWentAway) {
            // the notifier read its head and closed
          }
        });
    hook.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    hook.start();
    try {
      MonitorSettings.Contact chat =
          contact(
              "chat",
              Optional.of("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"),
              Optional.empty());
      assertThatThrownBy(() -> new WebhookNotifier().send(alert("app1/http", List.of()), chat))
          .isInstanceOf(IOException.class)
          .hasMessage("webhook answered 503: overloaded, try later");
    } finally {
      hook.stop(0);
    }
  }

  @Test
  void aContactsToString_hidesItsWebhookAndCommand() {
    MonitorSettings.Contact c =
        new MonitorSettings.Contact(
            "chat",
            Optional.of("ops@example.com"),
            Optional.of("https://hooks.slack.com/services/T000/B000/s3cretXXXX"),
            Optional.of("/usr/local/bin/page --key=s3cret"),
            Set.of("critical"));
    assertThat(c.toString())
        .contains("chat", "ops@example.com", "webhook=****", "command=****")
        .doesNotContain("s3cret", "hooks.slack.com");
  }
}
