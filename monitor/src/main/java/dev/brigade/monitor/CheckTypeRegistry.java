package dev.brigade.monitor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The known check types: Brigade's own, then those provided through {@link ServiceLoader}. */
final class CheckTypeRegistry {
  /** Brigade's own types, in the order their names are listed in messages. */
  static final List<CheckType> BUILTIN =
      List.of(
          TcpSpec.TYPE,
          HttpSpec.HTTP,
          HttpSpec.HTTPS,
          DnsSpec.TYPE,
          MemcachedSpec.TYPE,
          MysqlSpec.TYPE,
          SmtpSpec.TYPE,
          NrpeSpec.TYPE,
          SshSpec.TYPE,
          CommandSpec.TYPE,
          PassiveSpec.TYPE,
          EdgePoolSpec.TYPE);

  private static volatile Map<String, CheckType> all;

  private CheckTypeRegistry() {}

  static Map<String, CheckType> all() {
    Map<String, CheckType> a = all;
    if (a == null) {
      Map<String, CheckType> m = new LinkedHashMap<>();
      BUILTIN.forEach(t -> m.put(t.name(), t));
      for (CheckType t : ServiceLoader.load(CheckType.class)) {
        // a provider cannot replace a built-in type: the model's meaning stays Brigade's
        m.putIfAbsent(t.name(), t);
      }
      a = Collections.unmodifiableMap(m);
      all = a;
    }
    return a;
  }
}
