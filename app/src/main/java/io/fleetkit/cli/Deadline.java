package io.fleetkit.cli;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a command's work with an overall deadline: past it, the work is interrupted and abandoned (its thread is a
 * daemon, so it cannot keep the JVM alive) and the caller reports it, having written nothing.
 */
final class Deadline {
  private Deadline() {}

  /** The deadline passed before the work finished. */
  static final class PassedException extends RuntimeException {
    PassedException(Duration limit) {
      super("did not finish within " + format(limit));
    }
  }

  /** The work's value; its own unchecked exception if it failed; {@link PassedException} past {@code limit}. */
  static <T> T run(Duration limit, Supplier<T> work) {
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "deadline");
      t.setDaemon(true);
      return t;
    });
    Future<T> future = runner.submit(work::get);
    try {
      return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new PassedException(limit);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new PassedException(limit);
    } finally {
      runner.shutdownNow();
    }
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
