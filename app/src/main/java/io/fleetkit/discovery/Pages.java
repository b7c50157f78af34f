package io.fleetkit.discovery;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** Reads every page of an EC2 call that pages with NextToken, and stops with an error when a token comes back twice. */
final class Pages {
  private Pages() {}

  /**
   * @param call one request with the given token (null for the first page)
   * @param next the response's NextToken, null or empty on the last page
   */
  static <R> void each(ApiCalls calls, String service, String operation, Function<String, R> call,
      Function<R, String> next, Consumer<R> page) {
    Set<String> seen = new LinkedHashSet<>();
    String token = null;
    do {
      String t = token;
      R response = calls.call(service, operation, () -> call.apply(t));
      page.accept(response);
      token = next.apply(response);
      if (token != null && token.isEmpty()) token = null;
      if (token != null && !seen.add(token)) {
        throw new DiscoveryException(service + ":" + operation + " returned the same NextToken twice; stopped instead"
            + " of looping", null);
      }
    } while (token != null);
  }
}
