package dev.brigade.monitor;

/** One way of telling a contact: email, webhook, command. */
interface Notifier {
  /** A short name for logs: {@code email}, {@code webhook}, {@code command}. */
  String name();

  /** True when the contact can be told this way. */
  boolean reaches(MonitorSettings.Contact contact);

  /** Tells the contact; an exception means "try again later". */
  void send(Alert alert, MonitorSettings.Contact contact) throws Exception;
}
