package dev.brigade.testhosts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Debian root file system every test host starts from: {@code debootstrap --variant=minbase
 * bookworm} with openssh-server, built once from the mirror apt already uses and kept under {@link
 * #CACHE}, which this fixture owns. Test hosts never write to it: each runs on an overlay over it.
 */
final class RootFilesystem {
  /** Where built root file systems are kept between runs. */
  static final Path CACHE = Path.of("/var/cache/brigade-testhosts");

  /** Packages beyond minbase: sshd, ps/pkill for service scripts, busybox for a tiny httpd. */
  static final List<String> PACKAGES = List.of("openssh-server", "procps", "busybox");

  static final String SUITE = "bookworm";

  private static final Duration BUILD_LIMIT = Duration.ofMinutes(15);

  private RootFilesystem() {}

  /** The built root file system, building it first (about a minute, 230 MB) if needed. */
  static Path get() throws IOException, InterruptedException {
    Path root = CACHE.resolve(SUITE + "-minbase+" + String.join("+", PACKAGES));
    if (Files.isDirectory(root)) {
      return root;
    }
    Files.createDirectories(CACHE);
    // Another JVM (a parallel test run) may be building it too: one builds, the other waits.
    try (FileChannel lockFile =
            FileChannel.open(
                CACHE.resolve(".build.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      if (Files.isDirectory(root) || !lock.isValid()) {
        return root;
      }
      Path building = root.resolveSibling(root.getFileName() + ".building");
      if (Files.exists(building)) {
        Commands.run(List.of("rm", "-rf", "--one-file-system", building.toString()), BUILD_LIMIT);
      }
      System.err.println(
          "[testhosts] building the test hosts' root file system once with debootstrap (about a"
              + " minute) into "
              + root);
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              "debootstrap",
              "--variant=minbase",
              "--include=" + String.join(",", PACKAGES),
              SUITE,
              building.toString(),
              mirror()));
      Commands.run(command, BUILD_LIMIT);
      Files.move(building, root);
      return root;
    }
  }

  /**
   * The Debian mirror apt uses here (deb822 {@code URIs:} or a one-line {@code deb} entry for the
   * main archive), so the build needs no other network access than apt's own.
   */
  static String mirror() throws IOException {
    List<Path> files = new ArrayList<>();
    Path list = Path.of("/etc/apt/sources.list");
    if (Files.isRegularFile(list)) {
      files.add(list);
    }
    Path dir = Path.of("/etc/apt/sources.list.d");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.toString().endsWith(".sources") || p.toString().endsWith(".list"))
            .sorted()
            .forEach(files::add);
      }
    }
    for (Path f : files) {
      Optional<String> m = mirrorIn(Files.readAllLines(f));
      if (m.isPresent()) {
        return m.get();
      }
    }
    return "http://deb.debian.org/debian";
  }

  /** The first URI of a Debian main archive (not -security) in one sources file's lines. */
  static Optional<String> mirrorIn(List<String> lines) {
    for (String raw : lines) {
      String line = raw.strip();
      String uri = null;
      if (line.startsWith("URIs:")) {
        uri = line.substring(5).strip().split("\\s+")[0];
      } else if (line.startsWith("deb ")) {
        for (String word : line.substring(4).strip().split("\\s+")) {
          if (word.contains("://")) {
            uri = word;
            break;
          }
        }
      }
      if (uri != null && uri.contains("/debian") && !uri.contains("security")) {
        return Optional.of(uri);
      }
    }
    return Optional.empty();
  }
}
