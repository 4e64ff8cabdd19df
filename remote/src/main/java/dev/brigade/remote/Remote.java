package dev.brigade.remote;

import dev.brigade.model.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on hosts over SSH and uploads files over SFTP, keeping one logged-in session per
 * host for later calls.
 *
 * <pre>{@code
 * try (Remote remote = Remote.open(RemoteOptions.defaults())) {
 *   Outcome o = remote.run(web1, "uptime", Duration.ofSeconds(10));
 *   if (!o.succeeded()) System.err.println(o.describe());
 * }
 * }</pre>
 *
 * <p>Nothing here throws for a host's sake: unreachable hosts, unknown or changed host keys,
 * refused logins and timeouts are {@link Outcome}s. Safe for use from many threads.
 *
 * <p><b>Stopping a command that timed out.</b> OpenSSH does not kill a command when its channel
 * closes unless it has a terminal, and a terminal would merge stderr into stdout. Instead every
 * command is sent as {@code echo <marker> $$ >&2} + newline + the command: the login shell first
 * reports its pid on stderr (that line is taken out again, see {@link GroupMarker}) and then runs
 * the command as {@code ssh host command} would. sshd makes that shell a session leader, so its pid
 * is the process group of the command and all its children. On timeout this sends SIGTERM to the
 * group, both as an RFC 4254 {@code signal} channel request (which OpenSSH honours only for
 * non-root logins) and by running {@code kill -s TERM -- -PGID} on a second channel; after half a
 * second the same with SIGKILL; then it closes the channel. Processes that leave the group ({@code
 * setsid}, job control) survive. The marker line needs a POSIX login shell (sh, bash, dash, ksh,
 * zsh); with another shell the command still runs but cannot be killed.
 *
 * <p>Logs (SLF4J) name hosts and outcomes, never commands, output or keys.
 */
public final class Remote implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Remote.class);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final RemoteOptions options;
  private final SshClient client;
  private final HostKeyCheck hostKeys;
  private final Map<Host, Slot> slots = new ConcurrentHashMap<>();
  private final KeyFiles keyFiles;
  private final AtomicInteger sessionsOpened = new AtomicInteger();
  private volatile boolean closed;

  /** Starts the stderr line that tells a command's process group; see {@link GroupMarker}. */
  private final String marker = "brigade-pgid-" + HexFormat.of().formatHex(randomBytes(6));

  /** The session kept for one host. */
  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    ClientSession session;
  }

  /** A logged-in session, or why there is none. */
  private record Login(ClientSession session, boolean reused, Outcome refusal) {
    static Login refused(Outcome why) {
      return new Login(null, false, why);
    }
  }

  private Remote(RemoteOptions options, SshClient client, HostKeyCheck hostKeys) {
    this.hostKeys = hostKeys;
    this.options = options;
    this.client = client;
    this.keyFiles = new KeyFiles(options.identityFiles());
  }

  /** Starts an SSH client; connections are made as hosts are first used. */
  public static Remote open(RemoteOptions options) {
    Objects.requireNonNull(options, "options");
    if (options.hostKeyPolicy() == HostKeyPolicy.ACCEPT_NEW) {
      Path dir = options.knownHosts().toAbsolutePath().getParent();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dir + " for the known_hosts file", e);
      }
    }
    SshClient client = SshClient.setUpDefaultClient();
    // Only what the options and the model say: no ~/.ssh/config, no agent, keys only.
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    HostKeyCheck hostKeys = new HostKeyCheck(options.knownHosts(), options.hostKeyPolicy());
    client.setServerKeyVerifier(hostKeys);
    client.start();
    return new Remote(options, client, hostKeys);
  }

  /** The options this was opened with. */
  public RemoteOptions options() {
    return options;
  }

  /**
   * Runs a command on a host with {@code $SHELL -c}, without stdin (it reads end of file) and
   * without a terminal, so stdout and stderr stay apart.
   *
   * @param timeout how long the command may run, from the channel's opening; connecting and logging
   *     in have {@link RemoteOptions#connectTimeout()}
   */
  public Outcome run(Host host, String command, Duration timeout) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(command, "command");
    requirePositive(timeout);
    boolean retried = false;
    while (true) {
      Login login = session(host);
      if (login.refusal() != null) {
        return login.refusal();
      }
      ClientSession session = login.session();
      BoundedOutput out = new BoundedOutput(options.maxOutputBytes());
      BoundedOutput err = new BoundedOutput(options.maxOutputBytes());
      GroupMarker stderr = new GroupMarker(err, marker);
      ChannelExec channel;
      long start = System.nanoTime();
      try {
        channel = session.createExecChannel(GroupMarker.prefix(marker) + command);
        channel.setOut(out);
        channel.setErr(stderr);
        channel.open().verify(options.connectTimeout());
        channel.getInvertedIn().close(); // no stdin: the command reads end of file
      } catch (IOException | RuntimeException e) {
        if (session.isOpen() && session.isAuthenticated()) {
          // One refused channel (the server's MaxSessions, say) leaves the session and the
          // commands running on it alone; only this command fails.
          return new Outcome.ConnectFailed(
              host,
              "the server refused another command on the shared connection ("
                  + message(e)
                  + "); sshd runs at most MaxSessions (default 10) at once per connection");
        }
        forget(host, session);
        if (login.reused() && !retried) {
          log.debug("{}: kept session is broken ({}), reconnecting", host.name(), message(e));
          retried = true;
          continue;
        }
        return new Outcome.ConnectFailed(host, "cannot start the command: " + message(e));
      }
      return await(host, session, channel, out, err, stderr, start, timeout);
    }
  }

  private Outcome await(
      Host host,
      ClientSession session,
      ChannelExec channel,
      BoundedOutput out,
      BoundedOutput err,
      GroupMarker stderr,
      long start,
      Duration timeout) {
    Set<ClientChannelEvent> events =
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
    if (!events.contains(ClientChannelEvent.CLOSED)) {
      new CommandStop(host, session, channel, options.connectTimeout())
          .stop(processGroup(host, stderr));
      finish(stderr);
      log.debug("{}: timed out after {}", host.name(), timeout);
      return new Outcome.TimedOut(host, timeout, out.text());
    }
    finish(stderr);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Integer status = channel.getExitStatus();
    String signal = channel.getExitSignal();
    if (status == null && signal == null && !session.isOpen()) {
      forget(host, session);
      return new Outcome.ConnectFailed(
          host, "the connection broke while the command ran; it may have run in part");
    }
    int code = status != null ? status : CommandStop.signalExitCode(signal);
    log.debug("{}: exit {} in {}", host.name(), code, took);
    return new Outcome.Completed(
        host, code, out.text(), err.text(), took, out.truncated() || err.truncated());
  }

  /** The timed-out command's process group, once its shell said it; -1 if it does not. */
  private long processGroup(Host host, GroupMarker stderr) {
    try {
      long group = stderr.awaitProcessGroup(options.connectTimeout());
      if (group < 0) {
        log.warn(
            "{}: the timed-out command did not say its process group; cannot kill it", host.name());
      }
      return group;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return stderr.processGroup();
    }
  }

  private static void finish(GroupMarker stderr) {
    try {
      stderr.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // BoundedOutput does not throw
    }
  }

  /**
   * Runs a command on many hosts, at most {@link RemoteOptions#parallelism()} at a time, each on a
   * virtual thread.
   *
   * @param progress told as each host finishes, never concurrently
   * @return each host's outcome, in the order of {@code hosts} (a host listed twice runs twice and
   *     keeps the later outcome)
   */
  public Map<Host, Outcome> runAll(
      List<Host> hosts, String command, Duration timeout, Progress progress) {
    List<Host> targets = List.copyOf(hosts);
    Objects.requireNonNull(command, "command");
    requirePositive(timeout);
    Objects.requireNonNull(progress, "progress");
    int total = targets.size();
    Semaphore permits = new Semaphore(options.parallelism());
    int[] done = {0};
    List<Future<Outcome>> futures = new ArrayList<>(total);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Host host : targets) {
        futures.add(
            threads.submit(
                () -> {
                  Outcome outcome;
                  permits.acquire();
                  try {
                    outcome = run(host, command, timeout);
                  } finally {
                    permits.release();
                  }
                  synchronized (done) {
                    done[0]++;
                    try {
                      progress.finished(host, outcome, done[0], total);
                    } catch (RuntimeException e) {
                      log.warn("progress callback failed for {}", host.name(), e);
                    }
                  }
                  return outcome;
                }));
      }
    }
    Map<Host, Outcome> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < total; i++) {
      try {
        outcomes.put(targets.get(i), futures.get(i).get());
      } catch (ExecutionException e) {
        throw new IllegalStateException("running on " + targets.get(i).name(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return outcomes;
  }

  /**
   * Copies a local file to a host over SFTP: it is written into a private temporary directory
   * beside the target ({@code .brigade-RANDOM}, mode 0700), synced, and renamed over the target, so
   * readers see the old file or the whole new one, never half of it, and nobody else can open it
   * while it is written. The local file's permission bits are copied when the local file system has
   * them.
   *
   * @param remotePath the target file, absolute or relative to the user's home
   * @return {@link Outcome.Completed} (exit code 0, no output) when done
   * @throws IllegalArgumentException when the local file cannot be read
   */
  public Outcome upload(Host host, Path local, String remotePath) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(remotePath, "remotePath");
    if (!Files.isRegularFile(local) || !Files.isReadable(local)) {
      throw new IllegalArgumentException("cannot read local file " + local);
    }
    boolean retried = false;
    while (true) {
      Login login = session(host);
      if (login.refusal() != null) {
        return login.refusal();
      }
      long start = System.nanoTime();
      SftpClient sftp;
      try {
        sftp = SftpClientFactory.instance().createSftpClient(login.session());
      } catch (IOException | RuntimeException e) {
        if (login.reused() && !retried && !login.session().isOpen()) {
          forget(host, login.session());
          retried = true;
          continue;
        }
        return new Outcome.UploadFailed(host, remotePath, "cannot start SFTP: " + message(e));
      }
      try (sftp) {
        try {
          SftpUpload.replace(sftp, local, remotePath);
        } catch (IOException | RuntimeException e) {
          return new Outcome.UploadFailed(host, remotePath, message(e));
        }
      } catch (IOException e) {
        log.debug("{}: closing SFTP failed: {}", host.name(), message(e));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      log.debug("{}: uploaded a file in {}", host.name(), took);
      return new Outcome.Completed(host, 0, "", "", took, false);
    }
  }

  /** How many SSH sessions were opened and logged in so far (for tests and diagnostics). */
  int sessionsOpened() {
    return sessionsOpened.get();
  }

  /** Closes every kept session and stops the client. */
  @Override
  public void close() {
    closed = true;
    for (Slot slot : slots.values()) {
      slot.lock.lock();
      try {
        if (slot.session != null) {
          slot.session.close(true);
          slot.session = null;
        }
      } finally {
        slot.lock.unlock();
      }
    }
    client.stop();
  }

  /** The host's kept session if it still works, else a new one. */
  private Login session(Host host) {
    if (closed) {
      throw new IllegalStateException("this Remote is closed");
    }
    Slot slot = slots.computeIfAbsent(host, h -> new Slot());
    slot.lock.lock();
    try {
      ClientSession kept = slot.session;
      if (kept != null && kept.isOpen() && kept.isAuthenticated()) {
        return new Login(kept, true, null);
      }
      if (kept != null) {
        kept.close(true);
        slot.session = null;
      }
      Login login = connect(host);
      slot.session = login.session();
      return login;
    } finally {
      slot.lock.unlock();
    }
  }

  private void forget(Host host, ClientSession session) {
    Slot slot = slots.get(host);
    if (slot != null) {
      slot.lock.lock();
      try {
        if (slot.session == session) {
          slot.session = null;
        }
      } finally {
        slot.lock.unlock();
      }
    }
    session.close(true);
  }

  private Login connect(Host host) {
    List<Path> files = keyFiles.filesFor(host);
    KeyFiles.Identities identities = keyFiles.identities(host, files);
    if (identities.refusal() != null) {
      return Login.refused(identities.refusal());
    }
    ClientSession session;
    try {
      session =
          client
              .connect(host.ssh().user(), host.address(), host.ssh().port())
              .verify(options.connectTimeout())
              .getSession();
    } catch (IOException | RuntimeException e) {
      // a refused host key can fail the connect itself, before the session is handed out
      Optional<Outcome> refused =
          refusal(host, hostKeys.takeRefusal(host.address(), host.ssh().port()));
      return Login.refused(refused.orElseGet(() -> new Outcome.ConnectFailed(host, message(e))));
    }
    try {
      identities.keys().forEach(session::addPublicKeyIdentity);
      session.auth().verify(options.connectTimeout());
    } catch (IOException | RuntimeException e) {
      HostKeyCheck.Refusal attr = session.getAttribute(HostKeyCheck.REFUSAL);
      HostKeyCheck.Refusal recent = hostKeys.takeRefusal(host.address(), host.ssh().port());
      boolean keyAccepted = Boolean.TRUE.equals(session.getAttribute(HostKeyCheck.ACCEPTED));
      session.close(true);
      Optional<Outcome> refused = refusal(host, attr != null ? attr : recent);
      if (refused.isPresent()) {
        return Login.refused(refused.get());
      }
      if (keyAccepted) {
        return Login.refused(
            new Outcome.AuthFailed(host, message(e) + " (offered keys: " + files + ")"));
      }
      return Login.refused(new Outcome.ConnectFailed(host, message(e)));
    }
    sessionsOpened.incrementAndGet();
    log.debug(
        "{}: logged in to {}:{} as {}",
        host.name(),
        host.address(),
        host.ssh().port(),
        host.ssh().user());
    return new Login(session, false, null);
  }

  private Optional<Outcome> refusal(Host host, HostKeyCheck.Refusal refusal) {
    if (refusal instanceof HostKeyCheck.Unknown u) {
      return Optional.of(new Outcome.HostKeyUnknown(host, options.knownHosts(), u.fingerprint()));
    }
    if (refusal instanceof HostKeyCheck.Changed c) {
      log.warn(
          "{} ({}:{}): host key changed, refused", host.name(), host.address(), host.ssh().port());
      return Optional.of(
          new Outcome.HostKeyChanged(
              host, options.knownHosts(), c.expectedFingerprint(), c.actualFingerprint()));
    }
    return Optional.empty();
  }

  private static byte[] randomBytes(int n) {
    byte[] random = new byte[n];
    RANDOM.nextBytes(random);
    return random;
  }

  /** The innermost message of a failure, which is the one that says what went wrong. */
  static String message(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return message != null ? message : e.getClass().getSimpleName();
  }

  private static void requirePositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }
}
