package dev.brigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive writer, read back by the system's own tar, as the hosts read it. */
class TarWriterTest {
  @TempDir Path dir;

  @Test
  void archive_isReadByTar_withModesSymlinksAndLongNames() throws Exception {
    String deep = "a/" + "very-long-directory-name/".repeat(8) + "file.txt";
    String longName = "b/" + "x".repeat(120) + ".txt";
    Path tar = dir.resolve("t.tar");
    try (OutputStream out = Files.newOutputStream(tar);
        TarWriter w = new TarWriter(out, 1_700_000_000L)) {
      w.file("bin/run", 0755, "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
      w.file("public/index.html", 0644, "hello".getBytes(StandardCharsets.UTF_8));
      w.file(deep, 0644, "deep".getBytes(StandardCharsets.UTF_8));
      w.file(longName, 0644, "long".getBytes(StandardCharsets.UTF_8));
      w.symlink("public/latest", "index.html");
    }
    Path out = Files.createDirectories(dir.resolve("x"));
    Process p =
        new ProcessBuilder("tar", "-xf", tar.toString(), "-C", out.toString())
            .redirectErrorStream(true)
            .start();
    String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(Files.getPosixFilePermissions(out.resolve("bin/run")))
        .contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.getPosixFilePermissions(out.resolve("public/index.html")))
        .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.readString(out.resolve(deep))).isEqualTo("deep");
    assertThat(Files.readString(out.resolve(longName))).isEqualTo("long");
    assertThat(Files.readSymbolicLink(out.resolve("public/latest"))).hasToString("index.html");
  }

  @Test
  void paxRecordLength_countsItself() {
    String r = TarWriter.paxRecord("path", "abc");
    assertThat(r).isEqualTo("12 path=abc\n");
    assertThat(r.getBytes(StandardCharsets.UTF_8)).hasSize(12);
    String r2 = TarWriter.paxRecord("path", "x".repeat(90));
    assertThat(r2.getBytes(StandardCharsets.UTF_8).length)
        .isEqualTo(Integer.parseInt(r2.substring(0, r2.indexOf(' '))));
  }
}
