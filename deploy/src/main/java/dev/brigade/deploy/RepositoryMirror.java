package dev.brigade.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Brigade's bare mirror of the application's git repository (JGit), kept on the management box:
 * fetched at each deploy, it resolves revisions, builds the archive of one (so hosts need neither
 * git nor access to the repository), and tags deployed revisions.
 */
public final class RepositoryMirror implements AutoCloseable {
  private final String url;
  private final Git git;

  private RepositoryMirror(String url, Git git) {
    this.url = url;
    this.git = git;
  }

  /** Opens (cloning on first use) the mirror of {@code url} under {@code mirrors}, and fetches. */
  public static RepositoryMirror open(String url, Path mirrors) throws IOException {
    Path dir = mirrors.resolve(name(url));
    try {
      Git git;
      if (Files.isDirectory(dir.resolve("objects"))) {
        git = Git.open(dir.toFile());
        git.fetch()
            .setRemote("origin")
            .setRefSpecs(
                new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
            .setRemoveDeletedRefs(true)
            .call();
      } else {
        Files.createDirectories(mirrors);
        git = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).setMirror(true).call();
      }
      return new RepositoryMirror(url, git);
    } catch (GitAPIException e) {
      throw new IOException("cannot fetch " + url + ": " + e.getMessage(), e);
    }
  }

  /** The mirror's directory name: readable, and unique per URL. */
  static String name(String url) {
    String base = url.replaceAll("\\.git$", "").replaceAll(".*[/:]", "");
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return base.replaceAll("[^A-Za-z0-9._-]", "_")
          + "-"
          + HexFormat.of().formatHex(d, 0, 6)
          + ".git";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The commit a branch, tag or (abbreviated) commit id names.
   *
   * @throws IOException when it names none
   */
  public String resolve(String revision) throws IOException {
    Repository repo = git.getRepository();
    for (String candidate :
        List.of(revision, Constants.R_TAGS + revision, Constants.R_HEADS + revision)) {
      ObjectId id;
      try {
        id = repo.resolve(candidate + "^{commit}");
      } catch (org.eclipse.jgit.errors.RevisionSyntaxException | IOException e) {
        continue;
      }
      if (id != null) {
        return id.name();
      }
    }
    throw new IOException(
        "'" + revision + "' is no branch, tag or commit of " + url + "; branches: " + branches());
  }

  private String branches() throws IOException {
    return String.join(
        ", ",
        git.getRepository().getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
            .map(r -> r.getName().substring(Constants.R_HEADS.length()))
            .toList());
  }

  /** Writes the commit's tree as a gzipped tar (files with their modes, symlinks). */
  public void archive(String commit, Path file) throws IOException {
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo);
        OutputStream raw = Files.newOutputStream(file);
        GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      try (TarWriter tar = new TarWriter(gz, c.getCommitTime());
          TreeWalk tree = new TreeWalk(repo)) {
        tree.addTree(c.getTree());
        tree.setRecursive(true);
        while (tree.next()) {
          FileMode mode = tree.getFileMode(0);
          String name = tree.getPathString();
          if (mode == FileMode.GITLINK) {
            continue; // submodules are not part of the archive, as with git archive
          }
          ObjectLoader blob = repo.open(tree.getObjectId(0));
          if (mode == FileMode.SYMLINK) {
            tar.symlink(name, new String(blob.getBytes(), StandardCharsets.UTF_8));
          } else {
            tar.file(name, mode == FileMode.EXECUTABLE_FILE ? 0755 : 0644, blob.getBytes());
          }
        }
      }
    }
  }

  /** Tags {@code commit} as {@code name} in the mirror and pushes the tag to the repository. */
  public void tag(String name, String commit, String message, String who) throws IOException {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      git.tag()
          .setName(name)
          .setObjectId(c)
          .setAnnotated(true)
          .setMessage(message)
          .setTagger(new PersonIdent(who, who + "@brigade"))
          .call();
      git.push()
          .setRemote("origin")
          .setRefSpecs(new RefSpec(Constants.R_TAGS + name + ":" + Constants.R_TAGS + name))
          .call();
    } catch (GitAPIException e) {
      throw new IOException("cannot tag " + commit + " as " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
