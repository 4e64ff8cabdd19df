package dev.brigade.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command processor: what operators, deploys and agents tell the monitor (Nagios's external
 * commands), each applied under the engine's lock and journalled: passive results, re-checks,
 * acknowledgements, downtimes, enabling and disabling checks and notifications, comments. Targets
 * are {@link Selector}s, so a deploy can put a whole stage's role in downtime in one call.
 */
final class Commands {
  private final Engine engine;

  Commands(Engine engine) {
    this.engine = engine;
  }

  /** The entries a selector names: hosts with all their services, or one service on each. */
  private List<Entry> select(String target) {
    Selector s = Selector.parse(target, engine.cluster);
    List<Entry> out = new ArrayList<>();
    for (String host : s.hosts()) {
      if (s.service().isPresent()) {
        Entry e = engine.find(host + "/" + s.service().get());
        if (e != null) {
          out.add(e);
        } else if (s.single()) {
          engine.entry(host + "/" + s.service().get()); // the one-line error naming the ids
        }
      } else {
        for (Entry e : engine.entries()) {
          if (e.target.host().equals(host)) {
            out.add(e);
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("'" + target + "' names no check");
    }
    return out;
  }

  private static List<String> ids(List<Entry> entries) {
    return entries.stream().map(Entry::id).toList();
  }

  /** A result from outside, as Nagios's PROCESS_SERVICE_CHECK_RESULT. */
  void submit(String id, Status status, String output) {
    synchronized (engine) {
      engine.record(engine.entry(id), Engine.result(status, output), engine.clock.instant());
    }
  }

  /** Runs the checks now, even where active checks are disabled (a forced check). */
  List<String> recheck(String target, String author) {
    synchronized (engine) {
      List<Entry> chosen = select(target).stream().filter(e -> !e.target.isPassive()).toList();
      Instant now = engine.clock.instant();
      for (Entry e : chosen) {
        e.forced = true;
        if (!e.running) {
          engine.queue.advance(e, now);
        }
      }
      engine.journal(target, "RECHECK by " + author, String.join(", ", ids(chosen)));
      return ids(chosen);
    }
  }

  /**
   * Acknowledges the problems among the target's checks; its contacts are told. A single check
   * without a problem is an error; in a group, checks without one are left alone.
   */
  List<String> acknowledge(String target, boolean sticky, String author, String comment) {
    synchronized (engine) {
      List<Entry> chosen = select(target);
      boolean one = chosen.size() == 1;
      List<Entry> done = new ArrayList<>();
      for (Entry e : chosen) {
        if (e.state.status() == Status.OK && !one) {
          continue;
        }
        Optional<CheckState.Notification> n = e.state.acknowledge(sticky, author, comment);
        e.ackAuthor = Optional.of(author);
        e.ackComment = Optional.of(comment);
        engine.changed(e);
        engine.journal(e.id(), "ACKNOWLEDGED by " + author + (sticky ? " (sticky)" : ""), comment);
        n.ifPresent(
            x ->
                engine.notify(
                    e, x, engine.clock.instant(), Optional.of(author), Optional.of(comment)));
        done.add(e);
      }
      if (done.isEmpty()) {
        throw new IllegalStateException("there is no problem to acknowledge in '" + target + "'");
      }
      return ids(done);
    }
  }

  /** Removes the acknowledgements, as Nagios's REMOVE_SVC_ACKNOWLEDGEMENT. */
  List<String> unacknowledge(String target, String author) {
    synchronized (engine) {
      List<Entry> chosen = select(target).stream().filter(e -> e.state.acknowledged()).toList();
      for (Entry e : chosen) {
        e.state.removeAcknowledgement();
        e.ackAuthor = Optional.empty();
        e.ackComment = Optional.empty();
        engine.changed(e);
      }
      engine.journal(
          target, "ACKNOWLEDGEMENT REMOVED by " + author, String.join(", ", ids(chosen)));
      return ids(chosen);
    }
  }

  /** Schedules a downtime for every check the target names. */
  List<String> scheduleDowntime(String target, CheckState.Downtime d) {
    synchronized (engine) {
      List<Entry> chosen = select(target);
      for (Entry e : chosen) {
        e.state.scheduleDowntime(d);
        engine.changed(e);
      }
      engine.journal(
          target,
          "DOWNTIME "
              + (d.flexible() ? "flexible " : "")
              + d.start()
              + " .. "
              + d.end()
              + " by "
              + d.author(),
          d.comment());
      return ids(chosen);
    }
  }

  /** Ends the downtimes of the target's checks at once; the ids that had one. */
  List<String> cancelDowntime(String target, String author) {
    synchronized (engine) {
      List<String> ids = new ArrayList<>();
      for (Entry e : select(target)) {
        if (e.state.cancelDowntimes()) {
          ids.add(e.id());
          engine.changed(e);
        }
      }
      engine.journal(target, "DOWNTIME CANCELLED by " + author, String.join(", ", ids));
      return ids;
    }
  }

  /** What {@link #enable} switches. */
  enum Switch {
    CHECKS,
    NOTIFICATIONS
  }

  /** Enables or disables active checks or notifications of the target's checks. */
  List<String> enable(String target, Switch what, boolean on, String author) {
    synchronized (engine) {
      List<Entry> chosen = select(target);
      for (Entry e : chosen) {
        if (what == Switch.CHECKS) {
          e.state.checksEnabled(on);
          if (on && !e.running) {
            // back on the schedule from now, not after a skipped interval
            engine.queue.advance(e, engine.clock.instant());
          }
        } else {
          e.state.notificationsEnabled(on);
        }
        engine.changed(e);
      }
      engine.journal(
          target,
          (what == Switch.CHECKS ? "ACTIVE CHECKS " : "NOTIFICATIONS ")
              + (on ? "ENABLED" : "DISABLED")
              + " by "
              + author,
          String.join(", ", ids(chosen)));
      return ids(chosen);
    }
  }

  /** Adds a comment to each host (or service) the target names; the new comments by check id. */
  Map<String, Comment> comment(String target, String author, String text) {
    if (text.isBlank() || text.length() > 4096) {
      throw new IllegalArgumentException("a comment has 1 to 4096 characters");
    }
    synchronized (engine) {
      Selector s = Selector.parse(target, engine.cluster);
      List<Entry> heads =
          s.service().isPresent()
              ? select(target)
              : s.hosts().stream().map(engine::find).filter(e -> e != null).toList();
      if (heads.isEmpty()) {
        // hosts without a host check: the comment goes on their services
        heads = select(target);
      }
      Map<String, Comment> out = new LinkedHashMap<>();
      Instant now = engine.clock.instant();
      for (Entry e : heads) {
        Comment c = new Comment(engine.nextCommentNumber(), now, author, text);
        e.comments.add(c);
        engine.changed(e);
        engine.journal(e.id(), "COMMENT " + c.id() + " by " + author, text);
        out.put(e.id(), c);
      }
      return out;
    }
  }

  /** Deletes comment {@code number}; false when there is none. */
  boolean deleteComment(long number, String author) {
    synchronized (engine) {
      for (Entry e : engine.entries()) {
        if (e.comments.removeIf(c -> c.id() == number)) {
          engine.changed(e);
          engine.journal(e.id(), "COMMENT " + number + " DELETED by " + author, "");
          return true;
        }
      }
      return false;
    }
  }
}
