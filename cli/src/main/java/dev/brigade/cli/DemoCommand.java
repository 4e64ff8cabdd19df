package dev.brigade.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code brigade demo}: a whole cluster on loopback. Placeholder until the demo module lands. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Starts the demo cluster.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
