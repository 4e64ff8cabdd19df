package dev.brigade.box.pages;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.Reply;
import dev.brigade.monitor.CheckView;
import java.util.List;

/** {@code /services/HOST/SERVICE}: one service check, its actions, graphs and history. */
public final class ServicePage implements BoxPage {
  @Override
  public String path() {
    return "/services";
  }

  @Override
  public String title() {
    return "";
  }

  @Override
  public Reply handle(Ask ask) throws Exception {
    String rest = ask.path().replaceFirst("^/services/?", "");
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("a service's page is /services/HOST/SERVICE");
    }
    String host = rest.substring(0, slash);
    String service = rest.substring(slash + 1);
    String id = host + "/" + service;
    CheckView v =
        ask.box()
            .monitor()
            .check(id)
            .orElseThrow(() -> new IllegalArgumentException("no check '" + id + "'"));
    StringBuilder b = new StringBuilder(16 * 1024);
    b.append("<h1>")
        .append(escape(service))
        .append(" on ")
        .append(Rows.hostLink(host))
        .append("</h1>");
    Detail.state(b, v, ask.box().clock().instant());
    Detail.actions(b, v, ask);
    Detail.comments(b, v.comments());
    Detail.graphs(b, ask, host, service);
    Detail.history(b, ask, List.of(id));
    return Reply.page(service + " on " + host, b.toString(), "problems.js");
  }
}
