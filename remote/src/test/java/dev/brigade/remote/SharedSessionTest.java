package dev.brigade.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Regressions around the one session kept per host, against an sshd allowing one channel. */
class SharedSessionTest {
  @RegisterExtension
  static final OpenSshServer server = new OpenSshServer(List.of("MaxSessions 1"));

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @TempDir Path tmp;
  private Remote remote;

  @BeforeEach
  void open() throws IOException {
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine("127.0.0.1") + "\n");
    remote =
        Remote.open(
            RemoteOptions.defaults()
                .withKnownHosts(knownHosts)
                .withIdentityFiles(List.of())
                .withConnectTimeout(Duration.ofSeconds(5)));
  }

  @AfterEach
  void close() {
    remote.close();
  }

  @Test
  void refusedChannel_failsOnlyThatCommand_notTheOneRunningOnTheSession() throws Exception {
    Host web1 = server.host("web1");
    Path started = tmp.resolve("started");
    Path release = tmp.resolve("release");
    CompletableFuture<Outcome> first =
        CompletableFuture.supplyAsync(
            () ->
                remote.run(
                    web1,
                    "touch "
                        + started
                        + "; while [ ! -e "
                        + release
                        + " ]; do sleep 0.05; done;"
                        + " echo done",
                    TEN_SECONDS));
    long until = System.nanoTime() + TEN_SECONDS.toNanos();
    while (!Files.exists(started) && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(started).exists();

    Outcome second = remote.run(web1, "true", TEN_SECONDS);
    Files.writeString(release, "");

    assertThat(second).isInstanceOf(Outcome.ConnectFailed.class);
    assertThat(second.describe()).contains("MaxSessions");
    Outcome firstOutcome = first.get();
    assertThat(firstOutcome).isInstanceOf(Outcome.Completed.class);
    assertThat(((Outcome.Completed) firstOutcome).stdout()).isEqualTo("done\n");
    assertThat(remote.sessionsOpened()).isEqualTo(1);
  }

  @Test
  void upload_neverLetsOthersReadTheFileWhileItIsWritten() throws Exception {
    byte[] secret = new byte[24 * 1024 * 1024];
    ThreadLocalRandom.current().nextBytes(secret);
    Path local = Files.write(tmp.resolve("secret.key"), secret);
    Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rw-------"));
    Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
    Path target = remoteDir.resolve("secret.key");

    Set<String> exposed = ConcurrentHashMap.newKeySet();
    AtomicBoolean done = new AtomicBoolean();
    Thread watcher =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!done.get()) {
                    try (Stream<Path> files = Files.walk(remoteDir)) {
                      files.filter(Files::isRegularFile).forEach(f -> note(f, remoteDir, exposed));
                    } catch (IOException | java.io.UncheckedIOException vanished) {
                      // a file renamed away between listing and looking: look again
                    }
                  }
                });
    Outcome uploaded = remote.upload(server.host("web1"), local, target.toString());
    done.set(true);
    watcher.join();

    assertThat(uploaded.succeeded()).as(uploaded.describe()).isTrue();
    assertThat(exposed).as("files readable by group or others while uploading").isEmpty();
    assertThat(Files.readAllBytes(target)).isEqualTo(secret);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-------");
    try (Stream<Path> left = Files.list(remoteDir)) {
      assertThat(left).containsExactly(target); // the temporary directory is gone
    }
  }

  /**
   * Notes a file that someone else could open now: readable by group or others, and in a directory
   * they may enter (the target's own directory is open to them; a temporary one must not be).
   */
  private static void note(Path file, Path openDir, Set<String> exposed) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      boolean readable =
          perms.contains(PosixFilePermission.GROUP_READ)
              || perms.contains(PosixFilePermission.OTHERS_READ);
      Path dir = file.getParent();
      Set<PosixFilePermission> dirPerms = Files.getPosixFilePermissions(dir); // read after: only
      // ever tightens while the file exists
      boolean enterable =
          dir.equals(openDir)
              || dirPerms.contains(PosixFilePermission.GROUP_EXECUTE)
              || dirPerms.contains(PosixFilePermission.OTHERS_EXECUTE);
      if (readable && enterable) {
        exposed.add(openDir.relativize(file) + " " + PosixFilePermissions.toString(perms));
      }
    } catch (IOException gone) {
      // renamed or removed meanwhile
    }
  }
}
