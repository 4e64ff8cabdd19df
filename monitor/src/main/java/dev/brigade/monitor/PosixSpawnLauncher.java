package dev.brigade.monitor;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts plugins with the C library's {@code posix_spawnp} through the FFM API: one exec per run
 * (where {@link ProcessBuilder} execs {@code jspawnhelper} first), the plugin in its own process
 * group so that a timeout kills it with everything it started, every other descriptor closed, and
 * its pipes and exit ({@code pidfd}) watched with {@code poll} on a platform thread, so that no
 * virtual thread's carrier is held by a native call.
 */
final class PosixSpawnLauncher implements PluginLauncher {
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final short POSIX_SPAWN_SETPGROUP = 0x02;
  private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final short POLLIN = 0x1;
  private static final int WNOHANG = 1;
  private static final int SIGKILL = 9;
  private static final long OPAQUE = 1024; // bigger than glibc's spawn attributes and sigset_t

  /** How long output is still read after the plugin exited, from children it left behind. */
  private static final long DRAIN_NANOS = 2_000_000_000L;

  private final Libc c;
  private final ExecutorService io =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().daemon().name("brigade-plugin-io-", 0).factory());

  private PosixSpawnLauncher(Libc c) {
    this.c = c;
  }

  /** The launcher, when this is Linux with a C library that has what it needs. */
  static Optional<PosixSpawnLauncher> load() {
    if (!System.getProperty("os.name", "").equals("Linux")
        || Boolean.getBoolean("brigade.plugins.processBuilder")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PosixSpawnLauncher(Libc.bind()));
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "posix_spawn";
  }

  @Override
  public Run run(List<String> argv, Deadline deadline, int maxOutputBytes)
      throws InterruptedException {
    Future<Run> f =
        io.submit(
            () -> {
              try {
                return spawnAndWait(argv, deadline, maxOutputBytes);
              } catch (Error e) {
                throw e;
              } catch (Throwable t) {
                // a method handle's signature says Throwable; nothing here throws a checked one
                return new NotStarted(Results.message(t));
              }
            });
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true); // the poll loop sees the interrupt, kills the group and reaps it
      throw e;
    } catch (ExecutionException e) {
      return new NotStarted(Results.message(e.getCause()));
    }
  }

  private Run spawnAndWait(List<String> argv, Deadline deadline, int max) throws Throwable {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment fds = a.allocate(JAVA_INT, 4);
      if ((int) c.pipe2.invokeExact(fds, O_CLOEXEC) != 0) {
        return new NotStarted("pipe2 failed");
      }
      if ((int) c.pipe2.invokeExact(fds.asSlice(8), O_CLOEXEC) != 0) {
        closeAll(fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1));
        return new NotStarted("pipe2 failed");
      }
      int outR = fds.getAtIndex(JAVA_INT, 0);
      int outW = fds.getAtIndex(JAVA_INT, 1);
      int errR = fds.getAtIndex(JAVA_INT, 2);
      int errW = fds.getAtIndex(JAVA_INT, 3);
      int pid;
      try {
        pid = spawn(a, argv, outW, errW);
      } finally {
        closeAll(outW, errW);
      }
      if (pid < 0) {
        closeAll(outR, errR);
        return new NotStarted(strerror(-pid));
      }
      return watch(a, pid, outR, errR, deadline, max);
    }
  }

  /** The child's pid, or minus the error number. */
  private int spawn(Arena a, List<String> argv, int outW, int errW) throws Throwable {
    MemorySegment actions = a.allocate(OPAQUE, 16);
    MemorySegment attr = a.allocate(OPAQUE, 16);
    int rc = (int) c.faInit.invokeExact(actions);
    if (rc != 0) {
      return -rc;
    }
    rc = (int) c.attrInit.invokeExact(attr);
    if (rc != 0) {
      int ignored = (int) c.faDestroy.invokeExact(actions);
      return -rc;
    }
    try {
      check((int) c.faOpen.invokeExact(actions, 0, a.allocateFrom("/dev/null"), O_RDONLY, 0));
      check((int) c.faDup2.invokeExact(actions, outW, 1));
      check((int) c.faDup2.invokeExact(actions, errW, 2));
      if (c.faCloseFrom != null) {
        check((int) c.faCloseFrom.invokeExact(actions, 3));
      }
      MemorySegment none = a.allocate(OPAQUE, 16);
      check((int) c.sigemptyset.invokeExact(none));
      check((int) c.attrSetSigmask.invokeExact(attr, none));
      MemorySegment all = a.allocate(OPAQUE, 16);
      check((int) c.sigfillset.invokeExact(all));
      check((int) c.attrSetSigdefault.invokeExact(attr, all));
      check((int) c.attrSetPgroup.invokeExact(attr, 0));
      short flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
      check((int) c.attrSetFlags.invokeExact(attr, flags));
      MemorySegment args = strings(a, argv);
      Map<String, String> env = System.getenv();
      MemorySegment envp =
          strings(a, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
      MemorySegment pid = a.allocate(JAVA_INT);
      rc = (int) c.spawnp.invokeExact(pid, args.getAtIndex(ADDRESS, 0), actions, attr, args, envp);
      return rc == 0 ? pid.get(JAVA_INT, 0) : -rc;
    } catch (SpawnSetupFailed e) {
      return -e.errno;
    } finally {
      int ignored1 = (int) c.faDestroy.invokeExact(actions);
      int ignored2 = (int) c.attrDestroy.invokeExact(attr);
    }
  }

  /** Reads both pipes until they end and the child exits, or kills its group at the deadline. */
  private Run watch(Arena a, int pid, int outR, int errR, Deadline deadline, int max)
      throws Throwable {
    int pidfd = c.pidfdOpen == null ? -1 : (int) c.pidfdOpen.invokeExact(pid, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    boolean truncated = false;
    int[] open = {outR, errR};
    MemorySegment pollfds = a.allocate(3 * 8L, 8);
    MemorySegment buf = a.allocate(8192);
    MemorySegment status = a.allocate(JAVA_INT);
    int exit = Integer.MIN_VALUE;
    long exitedAt = 0;
    boolean timedOut = false;
    try {
      while (true) {
        if (exit == Integer.MIN_VALUE && pidfd < 0) {
          exit = reap(pid, status, WNOHANG);
          exitedAt = exit == Integer.MIN_VALUE ? 0 : System.nanoTime();
        }
        boolean pipesOpen = open[0] >= 0 || open[1] >= 0;
        if (exit != Integer.MIN_VALUE
            && (!pipesOpen || System.nanoTime() - exitedAt > DRAIN_NANOS || deadline.expired())) {
          break;
        }
        if (exit == Integer.MIN_VALUE
            && (deadline.expired() || Thread.currentThread().isInterrupted())) {
          timedOut = true;
          int ignored = (int) c.kill.invokeExact(-pid, SIGKILL);
          exit = reap(pid, status, 0);
          break;
        }
        int n = 0;
        for (int fd : open) {
          if (fd >= 0) {
            pollfds.set(JAVA_INT, n * 8L, fd);
            pollfds.set(JAVA_SHORT, n * 8L + 4, POLLIN);
            pollfds.set(JAVA_SHORT, n * 8L + 6, (short) 0);
            n++;
          }
        }
        int pidSlot = -1;
        if (exit == Integer.MIN_VALUE && pidfd >= 0) {
          pidSlot = n;
          pollfds.set(JAVA_INT, n * 8L, pidfd);
          pollfds.set(JAVA_SHORT, n * 8L + 4, POLLIN);
          pollfds.set(JAVA_SHORT, n * 8L + 6, (short) 0);
          n++;
        }
        long wait = Math.min(deadline.remaining().toMillis(), pidfd < 0 ? 10 : 200);
        int ready = (int) c.poll.invokeExact(pollfds, (long) n, (int) Math.max(1, wait));
        if (ready <= 0) {
          continue; // timeout or EINTR: the loop's tests decide
        }
        int slot = 0;
        for (int i = 0; i < 2; i++) {
          if (open[i] < 0) {
            continue;
          }
          short revents = pollfds.get(JAVA_SHORT, slot * 8L + 6);
          slot++;
          if (revents == 0) {
            continue;
          }
          long got = (long) c.read.invokeExact(open[i], buf, 8192L);
          if (got <= 0) {
            closeAll(open[i]);
            open[i] = -1;
            continue;
          }
          ByteArrayOutputStream to = i == 0 ? out : err;
          int room = max - to.size();
          if (room > 0) {
            to.write(
                buf.asSlice(0, Math.min(room, got))
                    .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
          }
          if (got > room && i == 0) {
            truncated = true; // keep reading so the plugin never blocks on a full pipe
          }
        }
        if (pidSlot >= 0 && pollfds.get(JAVA_SHORT, pidSlot * 8L + 6) != 0) {
          exit = reap(pid, status, WNOHANG);
          if (exit != Integer.MIN_VALUE) {
            exitedAt = System.nanoTime();
          }
        }
      }
      if (open[0] >= 0 || open[1] >= 0) {
        // it exited and left children holding its output: they go with it
        int ignored = (int) c.kill.invokeExact(-pid, SIGKILL);
      }
    } finally {
      closeAll(open[0], open[1], pidfd);
    }
    return new Ran(exit, timedOut, out.toByteArray(), err.toByteArray(), truncated);
  }

  /** The exit code (128 + signal for a signal), or MIN_VALUE while it still runs. */
  private int reap(int pid, MemorySegment status, int options) throws Throwable {
    int r = (int) c.waitpid.invokeExact(pid, status, options);
    if (r != pid) {
      return Integer.MIN_VALUE;
    }
    int s = status.get(JAVA_INT, 0);
    return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
  }

  private void closeAll(int... fds) throws Throwable {
    for (int fd : fds) {
      if (fd >= 0) {
        int ignored = (int) c.close.invokeExact(fd);
      }
    }
  }

  @SuppressWarnings("restricted") // strerror's string is at most a line long
  private String strerror(int errno) throws Throwable {
    MemorySegment s = (MemorySegment) c.strerror.invokeExact(errno);
    return s.reinterpret(256).getString(0);
  }

  private static MemorySegment strings(Arena a, List<String> values) {
    MemorySegment array = a.allocate(ADDRESS, values.size() + 1L);
    for (int i = 0; i < values.size(); i++) {
      array.setAtIndex(ADDRESS, i, a.allocateFrom(values.get(i)));
    }
    array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
    return array;
  }

  private static void check(int rc) throws SpawnSetupFailed {
    if (rc != 0) {
      throw new SpawnSetupFailed(rc);
    }
  }

  /** A file action or attribute the C library refused. */
  private static final class SpawnSetupFailed extends Exception {
    private static final long serialVersionUID = 1L;
    final int errno;

    SpawnSetupFailed(int errno) {
      super(null, null, false, false);
      this.errno = errno;
    }
  }

  /** The C functions used, bound once. */
  @SuppressWarnings("restricted") // binding C functions is what this class is for
  private record Libc(
      MethodHandle spawnp,
      MethodHandle faInit,
      MethodHandle faDestroy,
      MethodHandle faDup2,
      MethodHandle faOpen,
      MethodHandle faCloseFrom,
      MethodHandle attrInit,
      MethodHandle attrDestroy,
      MethodHandle attrSetFlags,
      MethodHandle attrSetPgroup,
      MethodHandle attrSetSigmask,
      MethodHandle attrSetSigdefault,
      MethodHandle sigemptyset,
      MethodHandle sigfillset,
      MethodHandle pipe2,
      MethodHandle poll,
      MethodHandle read,
      MethodHandle close,
      MethodHandle kill,
      MethodHandle waitpid,
      MethodHandle pidfdOpen,
      MethodHandle strerror) {
    static Libc bind() {
      Linker l = Linker.nativeLinker();
      SymbolLookup libc = l.defaultLookup();
      FunctionDescriptor ptr = FunctionDescriptor.of(JAVA_INT, ADDRESS);
      return new Libc(
          h(
              l,
              libc,
              "posix_spawnp",
              FunctionDescriptor.of(
                  JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS)),
          h(l, libc, "posix_spawn_file_actions_init", ptr),
          h(l, libc, "posix_spawn_file_actions_destroy", ptr),
          h(
              l,
              libc,
              "posix_spawn_file_actions_adddup2",
              FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)),
          h(
              l,
              libc,
              "posix_spawn_file_actions_addopen",
              FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)),
          optional(
              l,
              libc,
              "posix_spawn_file_actions_addclosefrom_np",
              FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
          h(l, libc, "posix_spawnattr_init", ptr),
          h(l, libc, "posix_spawnattr_destroy", ptr),
          h(
              l,
              libc,
              "posix_spawnattr_setflags",
              FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT)),
          h(
              l,
              libc,
              "posix_spawnattr_setpgroup",
              FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
          h(
              l,
              libc,
              "posix_spawnattr_setsigmask",
              FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
          h(
              l,
              libc,
              "posix_spawnattr_setsigdefault",
              FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
          h(l, libc, "sigemptyset", ptr),
          h(l, libc, "sigfillset", ptr),
          h(l, libc, "pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
          h(l, libc, "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT)),
          h(l, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG)),
          h(l, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
          h(l, libc, "kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)),
          h(l, libc, "waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT)),
          optional(l, libc, "pidfd_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)),
          h(l, libc, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT)));
    }

    private static MethodHandle h(Linker l, SymbolLookup lib, String name, FunctionDescriptor d) {
      return l.downcallHandle(lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), d);
    }

    private static MethodHandle optional(
        Linker l, SymbolLookup lib, String name, FunctionDescriptor d) {
      return lib.find(name).map(s -> l.downcallHandle(s, d)).orElse(null);
    }
  }
}
