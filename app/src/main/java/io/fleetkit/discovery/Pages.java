package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one paging loop of every AWS list call: it follows the next-page token until it is absent or empty, and stops
 * with a {@link MalformedResponseException} (exit 1, snapshot unchanged) when a service repeats a token or sends
 * more pages than the resources could fill, instead of looping forever.
 *
 * <pre>{@code
 * Pages.each("ec2:DescribeInstances", Pages.LISTING, token ->
 *     calls.call("ec2", "DescribeInstances", () -> client.describeInstances(request.nextToken(token).build())),
 *     DescribeInstancesResponse::nextToken, page -> page.reservations().forEach(...));
 * }</pre>
 */
public final class Pages {
  /**
   * Pages for a listing whose size no quota bounds (tagged resources, instances of an account): 10,000 pages of 100
   * to 1,000 items each hold 1 to 10 million resources, far past any account, and still end a runaway loop.
   */
  public static final int LISTING = 10_000;

  private Pages() {}

  /**
   * Calls {@code fetch} with a null token, then with each next token, and hands every page to {@code consume}.
   *
   * @param operation service:Operation, for messages
   * @param maxPages the most pages the resources could need; one more is an error
   * @param next the next-page token of a page (NextToken, Marker, PaginationToken...)
   */
  public static <R> int each(String operation, int maxPages, Function<String, R> fetch, Function<R, String> next,
      Consumer<R> consume) {
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      if (pages == maxPages) {
        throw new MalformedResponseException(operation + " still had a next page after " + maxPages + " pages, more"
            + " than the resources could fill; stopping instead of paging on (a service fault; retry later)", null);
      }
      R page = fetch.apply(token);
      pages++;
      consume.accept(page);
      token = next.apply(page);
      if (token != null && !token.isEmpty() && !seen.add(token)) {
        throw new MalformedResponseException(operation + " returned the page token \"" + shorten(token) + "\" twice (page "
            + pages + "); stopping instead of looping (a service fault; retry later)", null);
      }
    } while (token != null && !token.isEmpty());
    return pages;
  }

  private static String shorten(String token) {
    return token.length() > 40 ? token.substring(0, 37) + "..." : token;
  }
}
