package io.fleetkit.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The one paging loop and the one polling loop, at their bounds. */
class PagesAndPollerTest {
  @Test
  void pagesFollowTheTokenAndStopAtAnEmptyOrMissingOne() {
    List<String> asked = new ArrayList<>();
    int pages = Pages.each("svc:List", 10, token -> {
      asked.add(String.valueOf(token));
      return token == null ? "t1" : token.equals("t1") ? "t2" : "";
    }, page -> page, page -> { });
    assertEquals(3, pages);
    assertEquals(List.of("null", "t1", "t2"), asked);
  }

  @Test
  void aServiceThatNeverStopsIsStoppedAtTheBound() {
    AtomicInteger calls = new AtomicInteger();
    var e = assertThrows(MalformedResponseException.class,
        () -> Pages.each("svc:List", 5, token -> "token-" + calls.incrementAndGet(), page -> page, page -> { }));
    assertEquals("svc:List still had a next page after 5 pages, more than the resources could fill; stopping instead of"
        + " paging on (a service fault; retry later)", e.getMessage());
    assertEquals(5, calls.get());
  }

  @Test
  void aRepeatedTokenStopsAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    var e = assertThrows(MalformedResponseException.class,
        () -> Pages.each("svc:List", 1000, token -> calls.incrementAndGet() == 1 ? "a" : calls.get() == 2 ? "b" : "a",
            page -> page, page -> { }));
    assertEquals("svc:List returned the page token \"a\" twice (page 3); stopping instead of looping (a service fault;"
        + " retry later)", e.getMessage());
    assertEquals(3, calls.get());
  }

  @Test
  void pollingWaitsAtLeastTheIntervalBacksOffAndEndsAtTheDeadline() {
    List<Duration> sleeps = new ArrayList<>();
    AtomicLong now = new AtomicLong();
    Poller poller = new Poller(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2));
    var e = assertThrows(Poller.DeadlineException.class,
        () -> poller.poll(elapsed -> Optional.empty(), sleeps::add, now::get));
    // 5, 10, 20, then capped at 30, and the last wait ends on the deadline: 5+10+20+30+30+25 = 120 s.
    assertEquals(List.of(5L, 10L, 20L, 30L, 30L, 25L), sleeps.stream().map(Duration::toSeconds).toList());
    assertEquals(Duration.ofMinutes(2), e.elapsed());
  }

  @Test
  void anIntervalBelowOneSecondIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Poller(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(10)));
    assertEquals("the polling interval PT0S is below PT1S", e.getMessage());
  }

  @Test
  void theAnswerEndsThePolling() throws InterruptedException {
    List<Duration> sleeps = new ArrayList<>();
    AtomicInteger polls = new AtomicInteger();
    String answer = new Poller(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1))
        .poll(elapsed -> polls.incrementAndGet() == 3 ? Optional.of("done at " + elapsed.toSeconds() + "s") : Optional.empty(),
            sleeps::add, () -> 0L);
    assertEquals("done at 2s", answer);
    assertEquals(2, sleeps.size());
  }
}
