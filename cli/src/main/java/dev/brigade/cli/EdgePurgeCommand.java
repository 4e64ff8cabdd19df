package dev.brigade.cli;

import dev.brigade.edge.EdgeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code brigade edge purge}: removes objects from a running edge's cache. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    description = {
      "Removes objects from a running edge's cache: one URL (all its variants) with a PURGE"
          + " request carrying the model's edge.cache.purge-token, or every URL under a prefix, matching a regex or tagged (Surrogate-Key /"
          + " Cache-Tag) through the admin API, with the model's edge.admin.token."
    },
    footer = {
      "",
      "Examples:",
      "  brigade edge -c brigade.yml --node edge1 purge --url /products/42",
      "  brigade edge -c brigade.yml --node edge1 purge --prefix /news/",
      "  brigade edge -c brigade.yml --node edge1 purge --tag product-42"
    })
final class EdgePurgeCommand implements Callable<Integer> {
  @ParentCommand EdgeCommand edge;

  @ArgGroup(multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--url", paramLabel = "PATH", description = "One URL path, e.g. /products/42.")
    String url;

    @Option(names = "--prefix", paramLabel = "PATH", description = "Every URL starting with it.")
    String prefix;

    @Option(names = "--regex", paramLabel = "REGEX", description = "Every URL matching it.")
    String regex;

    @Option(names = "--tag", paramLabel = "TAG", description = "Every object with this tag.")
    String tag;
  }

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "The Host of the URL (default: the edge's address).")
  String host;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    EdgeConfig config = edge.resolve(spec.commandLine().getErr());
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> r;
      if (target.url != null) {
        if (!target.url.startsWith("/")) {
          throw new CliException(
              Brigade.INVALID, "--url must be a path starting with '/'", "e.g. --url /products/42");
        }
        String[] reply =
            purge(
                config.listen().getHostString(),
                config.listen().getPort(),
                host != null
                    ? host
                    : hostPort(config.listen().getHostString(), config.listen().getPort()),
                target.url,
                config.cache().map(c -> c.purgeToken()).orElse(""));
        spec.commandLine().getOut().println(reply[1].strip());
        spec.commandLine().getOut().flush();
        int status = Integer.parseInt(reply[0]);
        if (status != 200 && status != 404) {
          throw new CliException(
              Brigade.FAILED,
              "the edge answered " + status,
              "PURGE needs edge.cache.purge-token in the model (or purge-from-loopback: true)");
        }
        return 0;
      } else {
        if (config.admin().getPort() == 0) {
          throw new CliException(
              Brigade.INVALID,
              "the model gives the edge no fixed admin port",
              "set edge.admin.port, or give the edge role a service named 'admin'");
        }
        if (config.adminToken().isEmpty()) {
          throw new CliException(
              Brigade.INVALID,
              "bans need edge.admin.token in the model",
              "set edge.admin.token, e.g. \"${EDGE_ADMIN_TOKEN}\"");
        }
        String query =
            target.prefix != null
                ? "prefix=" + enc(target.prefix)
                : target.regex != null ? "regex=" + enc(target.regex) : "tag=" + enc(target.tag);
        r =
            client.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://"
                                + hostPort(config.admin().getHostString(), config.admin().getPort())
                                + "/cache/ban?"
                                + query))
                    .header("Authorization", "Bearer " + config.adminToken())
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      }
      spec.commandLine().getOut().println(r.body().strip());
      spec.commandLine().getOut().flush();
      if (r.statusCode() == 404 && target.url != null) {
        return 0; // nothing was stored: the URL is purged all the same
      }
      if (r.statusCode() >= 300) {
        throw new CliException(
            Brigade.FAILED,
            "the edge answered " + r.statusCode(),
            "check the node, its admin port and the token");
      }
      return 0;
    } catch (java.net.ConnectException e) {
      throw new CliException(
          Brigade.FAILED,
          "no edge is listening for " + edge.nodeName(),
          "start it with: brigade edge -c FILE --node NAME",
          e);
    }
  }

  /**
   * Sends {@code PURGE path} with the given Host over a plain socket (the JDK's HTTP client will
   * not set Host) and returns the status and body.
   */
  private static String[] purge(
      String address, int port, String hostHeader, String path, String token) throws IOException {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(address, port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("PURGE "
                      + path
                      + " HTTP/1.1\r\nHost: "
                      + hostHeader
                      + (token.isEmpty() ? "" : "\r\nX-Purge-Token: " + token)
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String reply =
          new String(s.getInputStream().readNBytes(64 * 1024), StandardCharsets.ISO_8859_1);
      String[] statusLine = reply.lines().findFirst().orElse("").split(" ");
      int body = reply.indexOf("\r\n\r\n");
      return new String[] {
        statusLine.length > 1 ? statusLine[1] : "0", body < 0 ? "" : reply.substring(body + 4)
      };
    }
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
