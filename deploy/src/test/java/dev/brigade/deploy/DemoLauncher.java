package dev.brigade.deploy;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo application as a test host runs it from a release: {@code java -cp lib/demo.jar
 * dev.brigade.deploy.DemoLauncher ADDRESS PORT}, one instance, until it is stopped.
 */
final class DemoLauncher {
  private DemoLauncher() {}

  public static void main(String[] args) throws InterruptedException {
    DemoApp app =
        DemoApp.start(
            new DemoOptions(
                1,
                args[0],
                List.of(Integer.parseInt(args[1])),
                Duration.ofMillis(2),
                0.0,
                Map.of(),
                Map.of(),
                10));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    Thread.currentThread().join();
  }
}
