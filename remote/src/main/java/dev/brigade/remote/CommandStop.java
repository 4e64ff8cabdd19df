package dev.brigade.remote;

import dev.brigade.model.Host;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops a command that ran out of time, with its process group (see {@link Remote}). */
final class CommandStop {
  private static final Logger log = LoggerFactory.getLogger(CommandStop.class);

  /** How long a timed-out command gets between SIGTERM and SIGKILL. */
  private static final Duration TERM_GRACE = Duration.ofMillis(500);

  private final Host host;
  private final ClientSession session;
  private final ChannelExec channel;
  private final Duration connectTimeout;

  CommandStop(Host host, ClientSession session, ChannelExec channel, Duration connectTimeout) {
    this.host = host;
    this.session = session;
    this.channel = channel;
    this.connectTimeout = connectTimeout;
  }

  /** SIGTERM, SIGKILL after a grace period, close: see the class comment. */
  void stop(long processGroup) {
    log.debug("{}: stopping process group {}", host.name(), processGroup);
    for (String signal : List.of("TERM", "KILL")) {
      signal(signal);
      if (processGroup > 0) {
        kill(signal, processGroup);
      }
      Set<ClientChannelEvent> events =
          channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TERM_GRACE);
      if (events.contains(ClientChannelEvent.CLOSED)) {
        break;
      }
    }
    channel.close(true);
  }

  /** Runs {@code kill -s SIGNAL -- -GROUP} on its own channel. */
  private void kill(String signal, long processGroup) {
    try (ChannelExec kill =
        session.createExecChannel("kill -s " + signal + " -- -" + processGroup + " 2>/dev/null")) {
      kill.open().verify(connectTimeout);
      kill.getInvertedIn().close();
      kill.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), connectTimeout);
      log.debug("{}: kill -{} done", host.name(), signal);
    } catch (IOException | RuntimeException e) {
      log.debug("{}: cannot run kill -{}: {}", host.name(), signal, Remote.message(e));
    }
  }

  private void signal(String name) {
    try {
      Buffer buffer =
          channel
              .getSession()
              .createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, name.length() + 32);
      buffer.putUInt(channel.getRecipient());
      buffer.putString("signal");
      buffer.putBoolean(false); // no reply: servers without signal support just ignore it
      buffer.putString(name);
      channel.writePacket(buffer);
    } catch (IOException | RuntimeException e) {
      log.debug("{}: cannot send SIG{}: {}", host.name(), name, Remote.message(e));
    }
  }

  /** 128 + the Linux number of the signal, as a shell reports it; -1 when unknown. */
  static int signalExitCode(String signal) {
    if (signal == null) {
      return -1;
    }
    int number =
        switch (signal) {
          case "HUP" -> 1;
          case "INT" -> 2;
          case "QUIT" -> 3;
          case "ILL" -> 4;
          case "ABRT" -> 6;
          case "FPE" -> 8;
          case "KILL" -> 9;
          case "USR1" -> 10;
          case "SEGV" -> 11;
          case "USR2" -> 12;
          case "PIPE" -> 13;
          case "ALRM" -> 14;
          case "TERM" -> 15;
          default -> -1;
        };
    return number < 0 ? -1 : 128 + number;
  }
}
