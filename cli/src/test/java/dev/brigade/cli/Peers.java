package dev.brigade.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Guards of tests that need Debian packages: skip naming the package, fail under CI=true. */
final class Peers {
  private Peers() {}

  /** The binary's path; skips the test (fails under CI=true) when it is not installed. */
  static Path require(String binary, String debianPackage) {
    Path p = Path.of(binary);
    boolean present = Files.isExecutable(p);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          binary + " missing under CI: install Debian package " + debianPackage);
    }
    assumeTrue(present, "skipped: install Debian package " + debianPackage + " for " + binary);
    return p;
  }

  /** Skips (fails under CI) without the Nagios plugins of monitoring-plugins-basic. */
  static void requirePlugins() {
    require("/usr/lib/nagios/plugins/check_dummy", "monitoring-plugins-basic");
  }
}
