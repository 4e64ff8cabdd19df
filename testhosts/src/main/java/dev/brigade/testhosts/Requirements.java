package dev.brigade.testhosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the test hosts need from the machine: root (for namespaces and mounts), iproute2, util-linux
 * (unshare, nsenter), debootstrap, openssh-client (ssh-keygen) and overlayfs. A missing one skips
 * the test with a message naming it, or fails it when the environment has {@code CI=true}.
 */
final class Requirements {
  private Requirements() {}

  /** Skips (or, under CI, fails) the calling test unless everything is there. */
  static void require() {
    List<String> missing = missing();
    if (missing.isEmpty()) {
      return;
    }
    String message = "test hosts need " + String.join("; ", missing);
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(message + " (CI=true: not skipping)");
    }
    Assumptions.abort("skipped: " + message);
  }

  /** Each missing requirement, with what to do about it. */
  static List<String> missing() {
    List<String> out = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      out.add("root (network namespaces, mounts and chroot): run the tests as root");
    }
    need(out, "/usr/sbin/ip", "iproute2");
    need(out, "/usr/bin/unshare", "util-linux");
    need(out, "/usr/bin/nsenter", "util-linux");
    need(out, "/usr/sbin/debootstrap", "debootstrap");
    need(out, "/usr/bin/ssh-keygen", "openssh-client");
    try {
      if (!Files.readString(Path.of("/proc/filesystems")).contains("overlay")) {
        out.add("overlayfs in the kernel (modprobe overlay)");
      }
    } catch (java.io.IOException e) {
      out.add("/proc/filesystems readable (" + e.getMessage() + ")");
    }
    if (!Files.isDirectory(Path.of("/proc/self/ns"))) {
      out.add("a kernel with namespaces (/proc/self/ns)");
    }
    return out;
  }

  private static void need(List<String> out, String binary, String debianPackage) {
    if (!Files.isExecutable(Path.of(binary))) {
      out.add(binary + " (install Debian package " + debianPackage + ")");
    }
  }
}
