package dev.brigade.cli;

import java.lang.reflect.Proxy;

/**
 * SIGHUP handling for long-running commands, as daemons do: reload the configuration. It uses the
 * JDK's signal API reflectively so the build stays free of internal-API warnings; where that API is
 * missing, SIGHUP is simply not handled (the admin API's reload still works).
 */
final class Signals {
  private Signals() {}

  static boolean onHangup(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      Object proxy =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handler},
              (p, method, args) -> {
                if (method.getName().equals("handle")) {
                  Thread.ofVirtual().start(action);
                }
                return null;
              });
      signal.getMethod("handle", signal, handler).invoke(null, hup, proxy);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}
