package dev.brigade.monitor;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Properties;

/** Email over SMTP, with STARTTLS and login when the settings ask for them. */
final class EmailNotifier implements Notifier {
  private final MonitorSettings.Email settings;
  private final Session session;

  EmailNotifier(MonitorSettings.Email settings) {
    this.settings = settings;
    Properties p = new Properties();
    p.put("mail.smtp.host", settings.host());
    p.put("mail.smtp.port", Integer.toString(settings.port()));
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "20000");
    p.put("mail.smtp.writetimeout", "20000");
    if (settings.starttls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    p.put("mail.smtp.auth", Boolean.toString(settings.user().isPresent()));
    this.session = Session.getInstance(p);
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public boolean reaches(MonitorSettings.Contact contact) {
    return contact.email().isPresent();
  }

  @Override
  public void send(Alert alert, MonitorSettings.Contact contact) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(settings.from()));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(contact.email().orElseThrow()));
    m.setSubject(alert.subject(), "UTF-8");
    m.setSentDate(Date.from(alert.time()));
    m.setText(body(alert), "UTF-8");
    if (settings.user().isPresent()) {
      Transport.send(m, settings.user().get(), settings.password().orElse(""));
    } else {
      Transport.send(m);
    }
  }

  static String body(Alert a) {
    StringBuilder b = new StringBuilder();
    b.append("Notification Type: ").append(a.kind()).append('\n');
    a.service().ifPresent(s -> b.append("Service: ").append(s).append('\n'));
    b.append("Host: ").append(a.host()).append('\n');
    b.append("Address: ").append(a.address()).append('\n');
    b.append("State: ").append(a.state()).append(" (").append(a.stateType()).append(")\n");
    b.append("Notification number: ").append(a.number()).append('\n');
    b.append("Date/Time: ")
        .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(a.time().atZone(ZoneId.of("UTC"))))
        .append('\n');
    a.author().ifPresent(x -> b.append("Author: ").append(x).append('\n'));
    a.comment().ifPresent(x -> b.append("Comment: ").append(x).append('\n'));
    b.append("\nInfo:\n\n").append(a.output()).append('\n');
    return b.toString();
  }
}
