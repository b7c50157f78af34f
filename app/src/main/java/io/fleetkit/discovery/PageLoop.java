package io.fleetkit.discovery;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A bounded NextToken loop for the planning commands: at most {@code maxPages} pages, and a token that comes back
 * twice stops the loop instead of paging forever. The shared paginator of discovery ({@code Pages.each}, same
 * arguments) replaces this class once it lands.
 */
public final class PageLoop {
  private PageLoop() {}

  /**
   * Calls {@code fetch} with a null token, then with each next token, and hands every page to {@code consume}.
   *
   * @param operation service:Operation, for messages
   * @param maxPages the most pages the answer can need; one more is an error
   * @return the number of pages read
   */
  public static <R> int each(String operation, int maxPages, Function<String, R> fetch, Function<R, String> next,
      Consumer<R> consume) {
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      if (pages == maxPages) {
        throw new DiscoveryException(operation + " still had a next page after " + maxPages
            + " pages; stopped instead of paging on", null);
      }
      R page = fetch.apply(token);
      pages++;
      consume.accept(page);
      token = next.apply(page);
      if (token != null && !token.isEmpty() && !seen.add(token)) {
        throw new DiscoveryException(operation + " returned the same NextToken twice; stopped instead of looping", null);
      }
    } while (token != null && !token.isEmpty());
    return pages;
  }
}
