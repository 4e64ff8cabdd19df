package dev.brigade.deploy;

import dev.brigade.demo.DemoApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs the demo application, the traffic module it uses and {@link DemoLauncher} into one jar, as
 * its build would.
 */
final class DemoJar {
  private DemoJar() {}

  static void write(Path jar) throws IOException, URISyntaxException {
    try (OutputStream raw = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(raw)) {
      copy(DemoApp.class, "dev/brigade/demo/", out);
      // the demo application classifies its requests with the shared hit classes (its /metrics)
      copy(dev.brigade.traffic.HitClassifier.class, "dev/brigade/traffic/", out);
      copy(DemoLauncher.class, "dev/brigade/deploy/DemoLauncher", out);
    }
  }

  /**
   * Copies the entries under {@code prefix} from the classes directory or jar {@code of} came from.
   */
  private static void copy(Class<?> of, String prefix, JarOutputStream out)
      throws IOException, URISyntaxException {
    Path source = Path.of(of.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isDirectory(source)) {
      List<Path> files;
      try (Stream<Path> s = Files.walk(source)) {
        files = s.filter(Files::isRegularFile).toList();
      }
      for (Path f : files) {
        String name = source.relativize(f).toString().replace('\\', '/');
        if (name.startsWith(prefix)) {
          out.putNextEntry(new JarEntry(name));
          out.write(Files.readAllBytes(f));
          out.closeEntry();
        }
      }
    } else {
      try (JarFile in = new JarFile(source.toFile())) {
        for (JarEntry e : java.util.Collections.list(in.entries())) {
          if (!e.isDirectory() && e.getName().startsWith(prefix)) {
            out.putNextEntry(new JarEntry(e.getName()));
            out.write(in.getInputStream(e).readAllBytes());
            out.closeEntry();
          }
        }
      }
    }
  }
}
