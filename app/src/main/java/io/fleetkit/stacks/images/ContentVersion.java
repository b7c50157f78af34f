package io.fleetkit.stacks.images;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Semantic versions derived from content. Image Builder components and recipes are immutable per
 * name and version, so an edit under the same version fails with "already exists"; a version taken
 * from a hash of the content changes exactly when the content does.
 */
public final class ContentVersion {
  /** Each version node is at most 2^30-1 (Image Builder "Semantic versioning"). */
  public static final int MAX_NODE = (1 << 30) - 1;
  public static final String MAJOR_MINOR = "1.0";

  private ContentVersion() {}

  /** {@code 1.0.<first 30 bits of SHA-256 over the parts>}. */
  public static String of(List<String> parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        byte[] b = p.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so ["ab","c"] and ["a","bc"] differ.
        sha.update((b.length + ":").getBytes(StandardCharsets.UTF_8));
        sha.update(b);
      }
      byte[] d = sha.digest();
      int patch = ((d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | (d[3] & 0xff)) & MAX_NODE;
      return MAJOR_MINOR + "." + patch;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * The version of a custom AWS::ImageBuilder::Component. Every property of that resource except Tags
   * requires replacement (CloudFormation template reference, AWS::ImageBuilder::Component: Name, Platform,
   * Data, Uri, Description, ChangeDescription, SupportedOsVersions, KmsKeyId all "Update requires:
   * Replacement"), and a replacement under the same name and version fails, so the hash covers each of
   * them. The change description is left out because it is derived from this version.
   */
  public static String component(String name, String platform, String description, String data,
      List<String> supportedOsVersions, Optional<String> kmsKeyId) {
    List<String> parts = new ArrayList<>(List.of("name:" + name, "platform:" + platform,
        "description:" + description, "data:" + data, "os:" + supportedOsVersions.size()));
    supportedOsVersions.forEach(os -> parts.add("os:" + os));
    parts.add("kms:" + kmsKeyId.orElse(""));
    return of(parts);
  }

  public static String of(String... parts) {
    return of(List.of(parts));
  }
}
