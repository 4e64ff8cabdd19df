package dev.brigade.box.pages;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.Reply;
import dev.brigade.model.Host;
import dev.brigade.monitor.CheckView;
import java.time.Instant;
import java.util.List;

/** {@code /hosts/NAME}: one host, its roles and stages, its host check and every service. */
public final class HostPage implements BoxPage {
  @Override
  public String path() {
    return "/hosts";
  }

  @Override
  public String title() {
    return "";
  }

  @Override
  public Reply handle(Ask ask) throws Exception {
    String name = ask.path().replaceFirst("^/hosts/?", "");
    Host host =
        ask.box()
            .cluster()
            .host(name)
            .orElseThrow(() -> new IllegalArgumentException("no host '" + name + "' in the model"));
    List<CheckView> checks =
        ask.box().monitor().checks().stream()
            .filter(v -> v.host().equals(name))
            .sorted(CheckFilter.ORDER)
            .toList();
    Instant now = ask.box().clock().instant();
    StringBuilder b = new StringBuilder(16 * 1024);
    b.append("<h1>Host ")
        .append(escape(name))
        .append("</h1><p class=\"meta\">")
        .append(escape(host.address()))
        .append(" · roles ")
        .append(escape(String.join(", ", host.roles())))
        .append(" · stages ")
        .append(
            escape(
                String.join(
                    ", ", ask.box().cluster().stagesOf(host).stream().map(s -> s.name()).toList())))
        .append(" · <a href=\"/graphs?host=")
        .append(escape(dev.brigade.box.web.Html.query(name)))
        .append("\">graphs</a></p>");
    b.append("<table class=\"grid\"><thead><tr><th>State</th><th>Check</th><th></th><th>For</th>")
        .append("<th>Output</th></tr></thead><tbody>");
    for (CheckView v : checks) {
      b.append("<tr data-id=\"")
          .append(escape(v.id()))
          .append("\" class=\"")
          .append(Rows.stateClass(v))
          .append("\"><td class=\"state\">")
          .append(Rows.stateName(v))
          .append("</td><td>")
          .append(Rows.checkLink(v))
          .append("</td><td class=\"badges\">")
          .append(Rows.badges(v))
          .append("</td><td>")
          .append(v.since().map(s -> Rows.age(s, now)).orElse(""))
          .append("</td><td class=\"output\">")
          .append(Rows.cut(v.output(), 300))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
    checks.stream()
        .filter(v -> v.service().isEmpty())
        .findFirst()
        .ifPresent(
            v -> {
              b.append("<h2>Host check</h2>");
              Detail.state(b, v, now);
              Detail.actions(b, v, ask);
              Detail.comments(b, v.comments());
              Detail.graphs(b, ask, name, "host");
            });
    Detail.history(b, ask, checks.stream().map(CheckView::id).toList());
    return Reply.page("Host " + name, b.toString(), "problems.js");
  }
}
