package dev.brigade.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;

/**
 * Replaces a remote file over SFTP by renaming a finished, synced copy over it.
 *
 * <p>SFTP's OPEN as MINA sends it carries no mode, so a new file starts with the server's umask
 * (often readable by all), and whoever opens it then keeps reading after a later chmod. So the copy
 * is written inside a fresh directory that is closed (0700) before the file exists.
 */
final class SftpUpload {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PRIVATE_DIR = 0700;
  private static final int PRIVATE_FILE = 0600;
  private static final int CHUNK = 32 * 1024;

  private SftpUpload() {}

  /**
   * Copies {@code local} over {@code remotePath}; the temporary directory is removed either way.
   */
  static void replace(SftpClient sftp, Path local, String remotePath) throws IOException {
    String dir = temporaryDirectory(remotePath);
    String copy = dir + "/" + fileName(remotePath);
    sftp.mkdir(dir);
    try {
      sftp.setStat(dir, new SftpClient.Attributes().perms(PRIVATE_DIR));
      write(sftp, local, copy);
      OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
      if (posix != null && posix.isSupported()) {
        posix.posixRename(copy, remotePath);
      } else {
        sftp.rename(copy, remotePath, SftpClient.CopyMode.Overwrite);
      }
    } finally {
      cleanUp(sftp, dir, copy);
    }
  }

  private static void write(SftpClient sftp, Path local, String copy) throws IOException {
    Integer mode = posixMode(local);
    try (SftpClient.CloseableHandle handle =
        sftp.open(
            copy,
            EnumSet.of(
                SftpClient.OpenMode.Write,
                SftpClient.OpenMode.Create,
                SftpClient.OpenMode.Exclusive))) {
      byte[] buffer = new byte[CHUNK];
      long offset = 0;
      try (InputStream in = Files.newInputStream(local)) {
        for (int n; (n = in.read(buffer)) > 0; offset += n) {
          sftp.write(handle, offset, buffer, 0, n);
        }
      }
      OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
      if (fsync != null && fsync.isSupported()) {
        fsync.fsync(handle); // so a crash soon after the rename cannot leave an empty file
      }
      sftp.setStat(handle, new SftpClient.Attributes().perms(mode != null ? mode : PRIVATE_FILE));
    }
  }

  private static void cleanUp(SftpClient sftp, String dir, String copy) {
    try {
      sftp.remove(copy);
    } catch (IOException | RuntimeException renamedOrNeverWritten) {
      // the usual case: it was renamed over the target
    }
    try {
      sftp.rmdir(dir);
    } catch (IOException | RuntimeException e) {
      // nothing more to do from here; the name says who left it
    }
  }

  /** The permission bits of a local file, or null where its file system has none. */
  static Integer posixMode(Path file) {
    try {
      int mode = 0;
      for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
        mode |= 1 << (8 - p.ordinal());
      }
      return mode;
    } catch (UnsupportedOperationException | IOException e) {
      return null;
    }
  }

  /** {@code /etc/app.conf} -> {@code /etc/.brigade-1f2e3d4c5b6a}. */
  static String temporaryDirectory(String remotePath) {
    int slash = remotePath.lastIndexOf('/');
    return remotePath.substring(0, slash + 1) + ".brigade-" + randomHex(6);
  }

  private static String fileName(String remotePath) {
    return remotePath.substring(remotePath.lastIndexOf('/') + 1);
  }

  private static String randomHex(int n) {
    byte[] random = new byte[n];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
