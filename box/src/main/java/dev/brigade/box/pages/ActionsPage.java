package dev.brigade.box.pages;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.web.Ask;
import dev.brigade.box.web.BoxPage;
import dev.brigade.box.web.FieldProblem;
import dev.brigade.box.web.Reply;
import dev.brigade.monitor.MonitorJson;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /actions/ACTION}: the dashboard's forms ({@link Actions}); back to the page with
 * {@code 303 See Other}, or a page naming the field that was wrong. The same actions answer JSON at
 * {@code /api/ACTION}.
 */
public final class ActionsPage implements BoxPage {
  @Override
  public String path() {
    return "/actions";
  }

  @Override
  public String title() {
    return "";
  }

  @Override
  public Reply handle(Ask ask) {
    if (!ask.method().equals("POST")) {
      throw new IllegalArgumentException("actions are POSTed by the dashboard's forms");
    }
    String name = ask.path().substring("/actions".length()).replaceFirst("^/", "");
    Map<String, List<String>> f = Actions.fields(ask);
    String back = Actions.first(f, "back").map(ActionsPage::local).orElse("/");
    MonitorJson.Done done;
    try {
      done = Actions.run(name, f, ask);
    } catch (FieldProblem e) {
      return problem(400, e.field() + ": " + e.getMessage(), back);
    } catch (IllegalStateException e) {
      return problem(409, e.getMessage(), back);
    }
    String sep = back.contains("?") ? "&" : "?";
    return Reply.redirect(back + sep + "done=" + done.done() + "&n=" + done.ids().size());
  }

  private static Reply problem(int status, String message, String back) {
    Reply r =
        Reply.page(
            "Not done",
            "<h1>Not done</h1><p class=\"error\" role=\"alert\">"
                + escape(message)
                + "</p><p><a href=\""
                + escape(back)
                + "\">Back</a></p>");
    return new Reply(
        status, r.contentType(), r.body(), r.headers(), r.kind(), r.title(), r.scripts());
  }

  /** Only a path of this box (never {@code //other.site}). */
  static String local(String back) {
    return back.startsWith("/")
            && !back.startsWith("//")
            && !back.startsWith("/\\")
            && back.length() < 4096
            && back.chars().noneMatch(c -> c < 0x21)
        ? back
        : "/";
  }
}
