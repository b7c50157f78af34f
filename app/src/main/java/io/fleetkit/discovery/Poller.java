package io.fleetkit.discovery;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one polling loop: polls until an answer arrives, waiting at least {@link #MIN_INTERVAL} between polls, longer
 * after each poll that brings none (doubling up to {@code maxInterval}), and never past the deadline.
 *
 * @param interval the first wait, at least {@link #MIN_INTERVAL}
 * @param maxInterval the longest wait the backoff reaches
 * @param deadline how long to poll in all
 */
public record Poller(Duration interval, Duration maxInterval, Duration deadline) {
  /** No loop polls an AWS API more than once a second: a tight loop only spends the caller's request quota. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  public Poller {
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("the polling interval " + interval + " is below " + MIN_INTERVAL);
    }
    maxInterval = maxInterval.compareTo(interval) < 0 ? interval : maxInterval;
    if (deadline.isNegative()) throw new IllegalArgumentException("the polling deadline " + deadline + " is negative");
  }

  /** Waits between polls; tests pass one that only records. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** What one poll found: an answer, or empty to poll again. */
  public interface Poll<T> {
    Optional<T> attempt(Duration elapsed);
  }

  /** The deadline passed without an answer; {@code elapsed} is the time polled. */
  public static final class DeadlineException extends RuntimeException {
    private final Duration elapsed;

    public DeadlineException(Duration elapsed) {
      super("no answer within " + elapsed);
      this.elapsed = elapsed;
    }

    public Duration elapsed() {
      return elapsed;
    }
  }

  /**
   * Polls until {@code poll} answers. Time counts what was slept plus what the polls took by {@code nanoTime}, so a
   * sleeper that does not sleep (tests) still reaches the deadline.
   *
   * @throws DeadlineException when the deadline passes first
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  public <T> T poll(Poll<T> poll, Sleeper sleeper, LongSupplier nanoTime) throws InterruptedException {
    Duration elapsed = Duration.ZERO;
    Duration wait = interval;
    while (true) {
      long t0 = nanoTime.getAsLong();
      Optional<T> answer = poll.attempt(elapsed);
      elapsed = elapsed.plusNanos(Math.max(0, nanoTime.getAsLong() - t0));
      if (answer.isPresent()) return answer.get();
      Duration left = deadline.minus(elapsed);
      // Less than the minimum interval left: one more poll would come too soon after this one.
      if (left.compareTo(MIN_INTERVAL) < 0) throw new DeadlineException(elapsed);
      // The last wait ends at the deadline, where one more poll decides.
      Duration sleep = wait.compareTo(left) > 0 ? left : wait;
      sleeper.sleep(sleep);
      elapsed = elapsed.plus(sleep);
      wait = wait.multipliedBy(2).compareTo(maxInterval) > 0 ? maxInterval : wait.multipliedBy(2);
    }
  }

  /** {@link #poll(Poll, Sleeper, LongSupplier)} with the system's monotonic clock. */
  public <T> T poll(Poll<T> poll, Sleeper sleeper) throws InterruptedException {
    return poll(poll, sleeper, System::nanoTime);
  }

  /** Convenience for a supplier that ignores the time so far. */
  public static <T> Poll<T> of(Supplier<Optional<T>> attempt) {
    return elapsed -> attempt.get();
  }
}
