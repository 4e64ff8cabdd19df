package dev.brigade.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one piece of work per host, each on its own virtual thread, and waits for all of them. */
final class Parallel {
  private Parallel() {}

  /** Work on one item that may be interrupted. */
  @FunctionalInterface
  interface Each<T> {
    void run(T item) throws InterruptedException;
  }

  static <T> void each(List<T> items, Each<T> work) throws InterruptedException {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(
            threads.submit(
                () -> {
                  work.run(item);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    }
  }
}
