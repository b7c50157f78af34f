package io.fleetkit.discovery;

import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What an error answer said, in one line. An AWS error carries a code and a message; a proxy or load balancer in
 * the way (an HTML 502, an empty 503) carries neither, so the line names the HTTP status, the content type and the
 * start of the body instead of "(null, HTTP 502: null)".
 */
public final class ServiceErrors {
  private ServiceErrors() {}

  /** The AWS error code, or empty when the answer was not an AWS error. */
  public static Optional<String> code(AwsServiceException e) {
    AwsErrorDetails d = e.awsErrorDetails();
    return Optional.ofNullable(d == null ? null : d.errorCode()).filter(c -> !c.isBlank());
  }

  /** "Code: message", or "HTTP 502 with a text/html body, not an AWS error: \"...\"". */
  public static String describe(AwsServiceException e) {
    AwsErrorDetails d = e.awsErrorDetails();
    String message = d == null || d.errorMessage() == null || d.errorMessage().isBlank() ? null : d.errorMessage();
    Optional<String> code = code(e);
    if (code.isPresent()) return code.get() + ": " + (message == null ? "no message" : oneLine(message, 300));
    String type = d == null || d.sdkHttpResponse() == null ? ""
        : d.sdkHttpResponse().firstMatchingHeader("Content-Type").map(t -> t.split(";")[0].trim()).orElse("");
    String body = d == null || d.rawResponse() == null ? "" : d.rawResponse().asUtf8String();
    String text = oneLine(body.replaceAll("(?s)<(script|style).*?</\\1>", " ").replaceAll("<[^>]*>", " "), 120);
    return "HTTP " + e.statusCode() + " with " + (body.isBlank() ? "an empty body"
        : (type.isEmpty() ? "a" : "a " + type) + " body \"" + text + "\"") + ", not an AWS error (a proxy or the"
        + " service's front end failed; retry later)";
  }

  private static String oneLine(String text, int max) {
    String s = text.replaceAll("\\s+", " ").strip();
    return s.length() > max ? s.substring(0, max - 3) + "..." : s;
  }
}
