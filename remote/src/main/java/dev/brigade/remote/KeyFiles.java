package dev.brigade.remote;

import dev.brigade.model.Host;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/** The private keys offered for a host, each file read once. */
final class KeyFiles {
  private final List<Path> identityFiles;
  private final Map<Path, List<KeyPair>> loaded = new ConcurrentHashMap<>();

  /** The keys to offer, or why there are none. */
  record Identities(List<KeyPair> keys, Outcome refusal) {}

  KeyFiles(List<Path> identityFiles) {
    this.identityFiles = List.copyOf(identityFiles);
  }

  /** The model's {@code ssh.key} of the host, else the identity files that exist. */
  List<Path> filesFor(Host host) {
    return host.ssh()
        .key()
        .map(List::of)
        .orElseGet(() -> identityFiles.stream().filter(Files::isRegularFile).toList());
  }

  /** The keys in {@code files}; a refusal naming the file when one cannot be read. */
  Identities identities(Host host, List<Path> files) {
    if (files.isEmpty()) {
      return refused(
          new Outcome.AuthFailed(
              host, "no key: the model gives no ssh.key and none of " + identityFiles + " exists"));
    }
    List<KeyPair> keys = new ArrayList<>();
    for (Path file : files) {
      try {
        keys.addAll(keyPairs(file));
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        return refused(
            new Outcome.AuthFailed(
                host,
                "cannot read key "
                    + file
                    + ": "
                    + Remote.message(e)
                    + " (keys with a passphrase are not supported)"));
      }
    }
    return new Identities(List.copyOf(keys), null);
  }

  private static Identities refused(Outcome why) {
    return new Identities(List.of(), why);
  }

  private List<KeyPair> keyPairs(Path file) throws IOException, GeneralSecurityException {
    List<KeyPair> known = loaded.get(file);
    if (known != null) {
      return known;
    }
    List<KeyPair> pairs = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      Iterable<KeyPair> read =
          SecurityUtils.loadKeyPairIdentities(
              null, NamedResource.ofName(file.toString()), in, null);
      if (read != null) {
        read.forEach(pairs::add);
      }
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    if (pairs.isEmpty()) {
      throw new GeneralSecurityException("no private key in it");
    }
    loaded.put(file, List.copyOf(pairs));
    return pairs;
  }
}
