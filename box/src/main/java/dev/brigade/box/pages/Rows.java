package dev.brigade.box.pages;

import static dev.brigade.box.web.Html.escape;

import dev.brigade.box.web.Html;
import dev.brigade.monitor.CheckView;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How a check is written in HTML: its state badge, links, ages; every text escaped. */
final class Rows {
  private Rows() {}

  /** The CSS class of a state: {@code st-critical}, {@code st-pending}, ... */
  static String stateClass(CheckView v) {
    return "st-" + (v.lastCheck().isEmpty() ? "pending" : v.state().toLowerCase(Locale.ROOT));
  }

  static String stateName(CheckView v) {
    return v.lastCheck().isEmpty() ? "PENDING" : v.state();
  }

  static String hostLink(String host) {
    return "<a href=\"/hosts/" + escape(path(host)) + "\">" + escape(host) + "</a>";
  }

  static String checkLink(CheckView v) {
    if (v.service().isEmpty()) {
      return "<a href=\"/hosts/" + escape(path(v.host())) + "\">(host)</a>";
    }
    return "<a href=\"/services/"
        + escape(path(v.host()))
        + "/"
        + escape(path(v.service().get()))
        + "\">"
        + escape(v.service().get())
        + "</a>";
  }

  /** A path segment, percent-encoded. */
  static String path(String segment) {
    return Html.query(segment).replace("+", "%20");
  }

  static String age(Instant since, Instant now) {
    Duration d = Duration.between(since, now);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m " + s % 60 + "s";
    }
    if (s < 86400) {
      return s / 3600 + "h " + s % 3600 / 60 + "m";
    }
    return s / 86400 + "d " + s % 86400 / 3600 + "h";
  }

  /** The badges after a state: HARD/SOFT, acknowledged, downtime, flapping, muted. */
  static String badges(CheckView v) {
    StringBuilder b = new StringBuilder();
    if (v.isProblem()) {
      b.append("<span class=\"badge\">")
          .append(v.stateType().name())
          .append(' ')
          .append(v.attempt())
          .append('/')
          .append(v.maxAttempts())
          .append("</span>");
    }
    if (v.acknowledged()) {
      b.append("<span class=\"badge ack\" title=\"acknowledged\">ack</span>");
    }
    if (v.inDowntime()) {
      b.append("<span class=\"badge dt\" title=\"in downtime\">downtime</span>");
    }
    if (v.flapping()) {
      b.append("<span class=\"badge flap\">flapping</span>");
    }
    if (!v.notificationsEnabled()) {
      b.append("<span class=\"badge muted\" title=\"notifications off\">muted</span>");
    }
    if (!v.comments().isEmpty()) {
      b.append("<span class=\"badge note\" title=\"comments\">")
          .append(v.comments().size())
          .append(" comment")
          .append(v.comments().size() == 1 ? "" : "s")
          .append("</span>");
    }
    return b.toString();
  }

  /** Text cut to {@code max} characters, escaped. */
  static String cut(String s, int max) {
    return escape(s.length() <= max ? s : s.substring(0, max) + "…");
  }

  /** The hidden CSRF field of a form. */
  static String csrf(String token) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(token) + "\">";
  }
}
