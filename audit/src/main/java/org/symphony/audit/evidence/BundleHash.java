package org.symphony.audit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * {@code immutability.bundle_hash}: SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) form of the bundle
 * without the {@code bundle_hash} member itself. Anyone can recompute it offline (docs/EVIDENCE.md).
 */
public final class BundleHash {

  public static final String ALGORITHM = "SHA-256";
  public static final String CANONICALIZATION = "RFC 8785";
  public static final String HASHED_CONTENT = "the bundle without immutability.bundle_hash, canonicalized by RFC 8785, UTF-8";

  private BundleHash() {}

  /** The hash the bundle should carry (whatever it carries now). */
  public static String of(JsonNode bundle) {
    ObjectNode copy = bundle.deepCopy();
    if (copy.get("immutability") instanceof ObjectNode immutability) immutability.remove("bundle_hash");
    try {
      return Sha256.hex(new JsonCanonicalizer(EvidenceResult.MAPPER.writeValueAsString(copy)).getEncodedString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the immutability section with the hash of everything else. */
  public static void seal(ObjectNode bundle) {
    ObjectNode immutability = bundle.putObject("immutability");
    immutability.put("hash_algorithm", ALGORITHM);
    immutability.put("canonicalization", CANONICALIZATION);
    immutability.put("hashed_content", HASHED_CONTENT);
    immutability.put("bundle_hash", of(bundle));
  }

  /** Whether the bundle's stored hash is the hash of its content. */
  public static boolean matches(JsonNode bundle) {
    return of(bundle).equals(bundle.path("immutability").path("bundle_hash").asText());
  }
}
