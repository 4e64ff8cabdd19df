package dev.brigade.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the contact's command with the alert in Nagios's environment variables ({@code
 * NAGIOS_NOTIFICATIONTYPE}, {@code NAGIOS_HOSTNAME}, {@code NAGIOS_SERVICESTATE}, ...), so
 * notification scripts written for Nagios keep working. No shell is involved.
 */
final class CommandNotifier implements Notifier {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Override
  public String name() {
    return "command";
  }

  @Override
  public boolean reaches(MonitorSettings.Contact contact) {
    return contact.command().isPresent();
  }

  @Override
  public void send(Alert alert, MonitorSettings.Contact contact)
      throws IOException, InterruptedException {
    List<String> argv = CommandLine.argv(contact.command().orElseThrow(), Map.of());
    ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(environment(alert, contact));
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] err = p.getErrorStream().readNBytes(4096);
    if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException("notification command timed out after " + TIMEOUT.toSeconds() + " s");
    }
    if (p.exitValue() != 0) {
      String first = new String(err, StandardCharsets.UTF_8).lines().findFirst().orElse("");
      throw new IOException("notification command exited " + p.exitValue() + ": " + first);
    }
  }

  static Map<String, String> environment(Alert a, MonitorSettings.Contact c) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("NAGIOS_NOTIFICATIONTYPE", a.kind());
    env.put("NAGIOS_NOTIFICATIONNUMBER", Integer.toString(a.number()));
    env.put("NAGIOS_HOSTNAME", a.host());
    env.put("NAGIOS_HOSTADDRESS", a.address());
    env.put("NAGIOS_CONTACTNAME", c.name());
    env.put("NAGIOS_CONTACTEMAIL", c.email().orElse(""));
    env.put(
        "NAGIOS_LONGDATETIME",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(a.time().atZone(ZoneId.of("UTC"))));
    env.put("NAGIOS_TIMET", Long.toString(a.time().getEpochSecond()));
    env.put("NAGIOS_NOTIFICATIONAUTHOR", a.author().orElse(""));
    env.put("NAGIOS_NOTIFICATIONCOMMENT", a.comment().orElse(""));
    if (a.service().isPresent()) {
      env.put("NAGIOS_SERVICEDESC", a.service().get());
      env.put("NAGIOS_SERVICESTATE", a.state());
      env.put("NAGIOS_SERVICESTATETYPE", a.stateType());
      env.put("NAGIOS_SERVICEOUTPUT", a.output());
    } else {
      env.put("NAGIOS_HOSTSTATE", a.state());
      env.put("NAGIOS_HOSTSTATETYPE", a.stateType());
      env.put("NAGIOS_HOSTOUTPUT", a.output());
    }
    return env;
  }
}
