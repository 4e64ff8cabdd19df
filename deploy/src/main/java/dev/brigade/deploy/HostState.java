package dev.brigade.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one host's deploy directory holds: its releases (oldest first), the live one, their
 * revisions, which are marked bad, and the lock if one is held.
 *
 * @param releases release names, oldest first
 * @param live the release {@code current} points to
 * @param revisions each release's {@code REVISION}
 * @param bad releases with a {@code BAD_RELEASE} mark
 * @param lock the lock's text when the lock directory exists (empty text: being written)
 */
record HostState(
    List<String> releases,
    Optional<String> live,
    Map<String, String> revisions,
    Set<String> bad,
    Optional<String> lock) {

  /** The shell that prints the state of {@code path} in the form {@link #parse} reads. */
  static String command(String path) {
    return "cd "
        + path
        + " 2>/dev/null || exit 0\n"
        + "l=$(readlink current 2>/dev/null) && echo \"live=${l##*/}\"\n"
        + "for d in releases/*; do [ -d \"$d\" ] || continue; n=${d##*/};"
        + " r=$(head -c 100 \"$d/REVISION\" 2>/dev/null || echo -); [ -n \"$r\" ] || r=-;"
        + " b=good; [ -e \"$d/BAD_RELEASE\" ] && b=bad; echo \"release=$n $r $b\"; done\n"
        + "if [ -d .brigade/lock ]; then echo lock-begin; head -c 2000 .brigade/lock/info"
        + " 2>/dev/null; echo; echo lock-end; fi\n";
  }

  static HostState parse(String out) {
    List<String> releases = new ArrayList<>();
    Map<String, String> revisions = new LinkedHashMap<>();
    Set<String> bad = new HashSet<>();
    Optional<String> live = Optional.empty();
    StringBuilder lock = null;
    boolean inLock = false;
    for (String line : out.split("\n")) {
      if (inLock) {
        if (line.equals("lock-end")) {
          inLock = false;
        } else {
          lock.append(line).append('\n');
        }
      } else if (line.equals("lock-begin")) {
        inLock = true;
        lock = new StringBuilder();
      } else if (line.startsWith("live=")) {
        String l = line.substring(5).strip();
        live = l.isEmpty() ? Optional.empty() : Optional.of(l);
      } else if (line.startsWith("release=")) {
        String[] p = line.substring(8).strip().split(" ");
        if (p.length >= 1 && ReleaseNames.isRelease(p[0])) {
          releases.add(p[0]);
          revisions.put(p[0], p.length > 1 ? p[1] : "-");
          if (p.length > 2 && p[2].equals("bad")) {
            bad.add(p[0]);
          }
        }
      }
    }
    releases.sort(null);
    return new HostState(
        List.copyOf(releases),
        live,
        Map.copyOf(revisions),
        Set.copyOf(bad),
        lock == null ? Optional.empty() : Optional.of(lock.toString().strip()));
  }

  /** The live release's revision, if known. */
  Optional<String> liveRevision() {
    return live.map(revisions::get);
  }
}
