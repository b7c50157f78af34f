package io.fleetkit.constructs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.ssm.CfnDocument;
import software.constructs.Construct;

/**
 * Creates a named SSM document (JSON content) that later deploys change in place: with {@code UpdateMethod:
 * NewVersion}, CloudFormation adds a version and makes it the default instead of replacing the document, which a
 * fixed name could not survive (a replacement creates the new document before it deletes the old one, under the
 * same name). AWS::SSM::Document, UpdateMethod: "When you specify NewVersion, the default version of the document
 * is changed to the newly created version."
 *
 * <p>The content must stay under SSM's document size limit: "The content of the document must not exceed 64KB.
 * This quota also includes the content specified for input parameters at runtime" (Systems Manager API Reference,
 * CreateDocument Content). {@link #MAX_CONTENT_BYTES} keeps 8 KB of that for parameter values and for tokens
 * that resolve longer than their placeholders (an ARN).
 */
public class SsmDocument extends Construct {
  public static final int LIMIT_BYTES = 64 * 1024;
  public static final int MAX_CONTENT_BYTES = LIMIT_BYTES - 8 * 1024;
  // CreateDocument Name: [a-zA-Z0-9_\-.]{3,128}; names starting with aws, amazon or amzn are reserved
  // (AWS::SSM::Document Name, which also reserves AWSEC2, AWSConfigRemediation and AWSSupport: all start with aws).
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_\\-.]{3,128}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CfnDocument document;

  /**
   * @param type Automation, Command, ...
   * @param targetType such as {@code /AWS::EC2::Instance}, the resource type the document runs on
   */
  public SsmDocument(Construct scope, String id, String name, String type, String targetType, Map<String, Object> content) {
    super(scope, id);
    nameProblem(name).ifPresent(problem -> {
      throw new IllegalArgumentException("\"" + name + "\" is not an SSM document name: " + problem);
    });
    int bytes = size(content);
    if (bytes > MAX_CONTENT_BYTES) {
      throw new IllegalArgumentException("the content of SSM document " + name + " is " + bytes + " bytes (expected at most "
          + MAX_CONTENT_BYTES + ": SSM's limit is " + LIMIT_BYTES + " bytes, runtime parameters included)");
    }
    document = CfnDocument.Builder.create(this, "Resource")
        .name(name)
        .documentType(type)
        .documentFormat("JSON")
        .targetType(targetType)
        .updateMethod("NewVersion")
        .content(content)
        .build();
  }

  /**
   * Why SSM would refuse {@code name} for a document, if it would, as a clause ("SSM reserves ..."); plans report it
   * as a config error on {@code project.prefix} before any construct exists.
   */
  public static Optional<String> nameProblem(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("aws") || lower.startsWith("amazon") || lower.startsWith("amzn")) {
      return Optional.of("SSM reserves names starting with aws, amazon or amzn");
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.of("SSM document names are 3 to 128 letters, digits, _, - and .");
    }
    return Optional.empty();
  }

  /** The content as compact JSON in UTF-8, tokens counted as their placeholders. */
  public static int size(Map<String, Object> content) {
    try {
      return JSON.writeValueAsString(content).getBytes(StandardCharsets.UTF_8).length;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("SSM document content that is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  public CfnDocument document() {
    return document;
  }

  /** The document's name (its Ref). */
  public String name() {
    return document.getRef();
  }
}
