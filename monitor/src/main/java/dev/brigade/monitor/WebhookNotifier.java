package dev.brigade.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A JSON POST in the shape Slack's incoming webhooks take ({@code text} plus one attachment with a
 * colour), with every field of the alert under {@code brigade} for other receivers.
 */
final class WebhookNotifier implements Notifier {
  private static final int MAX_ANSWER = 4096;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public boolean reaches(MonitorSettings.Contact contact) {
    return contact.webhook().isPresent();
  }

  @Override
  public void send(Alert alert, MonitorSettings.Contact contact)
      throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(contact.webhook().orElseThrow()))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "brigade-monitor")
            .POST(HttpRequest.BodyPublishers.ofString(json(alert), StandardCharsets.UTF_8))
            .build();
    HttpResponse<InputStream> res = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    // only the head of the answer is read: a receiver that sends without end holds nothing
    String body;
    try (InputStream in = res.body()) {
      body = new String(in.readNBytes(MAX_ANSWER), StandardCharsets.UTF_8);
    }
    if (res.statusCode() / 100 != 2) {
      String first = body.lines().findFirst().orElse("");
      throw new IOException(
          "webhook answered "
              + res.statusCode()
              + (first.isEmpty() ? "" : ": " + first.substring(0, Math.min(200, first.length()))));
    }
  }

  static String json(Alert a) {
    String color =
        switch (a.state()) {
          case "OK", "UP" -> "good";
          case "WARNING" -> "warning";
          default -> "danger";
        };
    StringBuilder b = new StringBuilder("{");
    field(b, "text", a.subject()).append(',');
    b.append("\"attachments\":[{");
    field(b, "color", color).append(',');
    field(b, "text", a.output()).append(',');
    field(b, "fallback", a.subject() + " " + a.output());
    b.append("}],\"brigade\":{");
    field(b, "kind", a.kind()).append(',');
    field(b, "target", a.target()).append(',');
    field(b, "host", a.host()).append(',');
    field(b, "address", a.address()).append(',');
    field(b, "service", a.service().orElse("")).append(',');
    field(b, "state", a.state()).append(',');
    field(b, "stateType", a.stateType()).append(',');
    b.append("\"number\":").append(a.number()).append(',');
    field(b, "output", a.output()).append(',');
    field(b, "time", a.time().toString());
    a.author().ifPresent(x -> field(b.append(','), "author", x));
    a.comment().ifPresent(x -> field(b.append(','), "comment", x));
    return b.append("}}").toString();
  }

  private static StringBuilder field(StringBuilder b, String name, String value) {
    return b.append('"').append(name).append("\":").append(Json.quote(value));
  }
}
