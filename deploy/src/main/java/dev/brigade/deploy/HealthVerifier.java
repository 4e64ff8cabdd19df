package dev.brigade.deploy;

import dev.brigade.model.Cluster;
import dev.brigade.model.HealthCheck;
import dev.brigade.model.Host;
import dev.brigade.model.Service;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host's health checks from the model after its restart (the checks of the services of its
 * deployed roles: HTTP status, TCP connect, or a local plugin command), each retried until it
 * passes or its attempts run out.
 */
final class HealthVerifier {
  private final Cluster cluster;
  private final int attempts;
  private final Duration interval;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  HealthVerifier(Cluster cluster, int attempts, Duration interval) {
    this.cluster = cluster;
    this.attempts = attempts;
    this.interval = interval;
  }

  /** Empty when every check passed, else why the first one that never passed failed. */
  Optional<String> verify(Host host, List<String> roles) throws InterruptedException {
    List<Service> services = new ArrayList<>();
    for (String r : roles) {
      cluster.role(r).ifPresent(role -> services.addAll(role.services()));
    }
    for (Service s : services) {
      if (s.check() instanceof HealthCheck.None) {
        continue;
      }
      String last = "";
      boolean passed = false;
      for (int i = 1; i <= attempts && !passed; i++) {
        Optional<String> failure = once(host, s);
        passed = failure.isEmpty();
        if (!passed) {
          last = failure.get();
          if (i < attempts) {
            Thread.sleep(interval.toMillis());
          }
        }
      }
      if (!passed) {
        return Optional.of(
            "health check of "
                + host.name()
                + "/"
                + s.name()
                + " failed "
                + attempts
                + " times: "
                + last);
      }
    }
    return Optional.empty();
  }

  private Optional<String> once(Host host, Service s) throws InterruptedException {
    HealthCheck check = s.check();
    Duration timeout = check.timeout();
    switch (check) {
      case HealthCheck.Http h -> {
        String url = "http://" + hostPart(host.address()) + ":" + s.port() + h.path();
        try {
          HttpResponse<Void> r =
              http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                  HttpResponse.BodyHandlers.discarding());
          return r.statusCode() == h.expectStatus()
              ? Optional.empty()
              : Optional.of(
                  "GET " + url + " answered " + r.statusCode() + ", not " + h.expectStatus());
        } catch (IOException e) {
          return Optional.of("GET " + url + ": " + message(e));
        }
      }
      case HealthCheck.Tcp t -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(host.address(), s.port()), (int) timeout.toMillis());
          return Optional.empty();
        } catch (IOException e) {
          return Optional.of("connect to " + host.address() + ":" + s.port() + ": " + message(e));
        }
      }
      case HealthCheck.Command c -> {
        String command =
            c.command()
                .replace("$HOSTADDRESS$", host.address())
                .replace("$HOSTNAME$", host.name())
                .replace("$PORT$", Integer.toString(s.port()));
        try {
          Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
          p.getOutputStream().close();
          if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return Optional.of("'" + command + "' did not finish in " + timeout);
          }
          String out =
              new String(
                  p.getInputStream().readNBytes(300), java.nio.charset.StandardCharsets.UTF_8);
          return p.exitValue() == 0
              ? Optional.empty()
              : Optional.of("'" + command + "' exited " + p.exitValue() + ": " + out.strip());
        } catch (IOException e) {
          return Optional.of("cannot run '" + command + "': " + e.getMessage());
        }
      }
      case HealthCheck.None n -> {
        return Optional.empty();
      }
    }
  }

  private static String hostPart(String address) {
    return address.contains(":") ? "[" + address + "]" : address;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
