package io.fleetkit.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Refuses a successful answer with an empty body. Every operation fleetkit calls answers a success with a body (an
 * XML document, or a JSON object of at least "{}"); a JSON protocol client would read nothing as "no resources",
 * and discover would then replace a good snapshot with an empty one. The failure is a malformed response (exit 1).
 */
final class EmptyAnswerGuard implements ExecutionInterceptor {
  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes attributes) {
    if (!context.httpResponse().isSuccessful()) return context.responseBody();
    InputStream body = context.responseBody().orElse(null);
    if (body == null) throw empty(context);
    PushbackInputStream in = new PushbackInputStream(body, 1);
    try {
      int first = in.read();
      if (first < 0) throw empty(context);
      in.unread(first);
    } catch (IOException e) {
      // The body broke off: the same failure the SDK's own reader would report, raised here first.
      throw SdkClientException.create("the answer broke off: " + e, e);
    }
    return Optional.of(in);
  }

  private static SdkClientException empty(Context.ModifyHttpResponse context) {
    return SdkClientException.create("AWS answered HTTP " + context.httpResponse().statusCode()
        + " with an empty body (expected the operation's result; a proxy or the service failed, retry later)");
  }
}
