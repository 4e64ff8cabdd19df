package dev.brigade.box.views;

import dev.brigade.plan.PlanJson;
import dev.brigade.plan.PlanResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last capacity plan: {@code plan.json} in the box's data directory, as {@code brigade plan
 * --json > plan.json} writes it.
 */
final class PlanFile {
  static final String NAME = "plan.json";

  /** Largest plan read. */
  static final long MAX_BYTES = 4L << 20;

  private PlanFile() {}

  /**
   * The plan, or empty when there is none.
   *
   * @throws IOException when the file is unreadable, too large or not a plan
   */
  static Optional<PlanResult> read(Path dataDirectory) throws IOException {
    if (dataDirectory == null) {
      return Optional.empty();
    }
    Path f = dataDirectory.resolve(NAME);
    try {
      if (Files.size(f) > MAX_BYTES) {
        throw new IOException(f + " is over " + MAX_BYTES + " bytes");
      }
      return Optional.of(PlanJson.read(Files.readString(f, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
