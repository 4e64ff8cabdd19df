package dev.brigade.demo;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests against real peers (daemons from Debian packages): skip when the package is missing, except
 * under CI where that fails.
 */
final class Peers {
  private Peers() {}

  /** The binary's path; skips the test (fails under CI=true) when it is not installed. */
  static Path require(Path binary, String debianPackage) {
    boolean present = Files.isExecutable(binary);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          binary + " missing under CI: install Debian package " + debianPackage);
    }
    assumeTrue(present, "skipped: install Debian package " + debianPackage + " for " + binary);
    return binary;
  }
}
