package org.symphony.audit.verify;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.symphony.audit.checkpoint.CheckpointKeys;

/**
 * The checkpoint keys a verifier trusts, pinned outside the database: full public keys, or SHA-256 fingerprints of
 * them (64 hex digits, 256 bits). A key the database holds counts only where its fingerprint is pinned; 64-bit key ids
 * are refused as pins (a second key with the same id is within reach of a determined attacker).
 */
public record TrustedKeys(Map<String, PublicKey> keys, Set<String> fingerprints) {

  public static final TrustedKeys NONE = new TrustedKeys(Map.of(), Set.of());

  public TrustedKeys {
    keys = Map.copyOf(keys);
    fingerprints = Set.copyOf(fingerprints);
  }

  /** Pins as given on a command line or in configuration; throws IllegalArgumentException for anything else. */
  public static TrustedKeys parse(Collection<String> pins) {
    TrustedKeys trusted = NONE;
    for (String pin : pins) trusted = trusted.with(pin);
    return trusted;
  }

  public static TrustedKeys of(PublicKey key) {
    return NONE.with(key);
  }

  public TrustedKeys with(PublicKey key) {
    Map<String, PublicKey> more = new LinkedHashMap<>(keys);
    more.put(CheckpointKeys.keyIdOf(key), key);
    return new TrustedKeys(more, fingerprints);
  }

  public TrustedKeys with(String pin) {
    String text = pin.strip();
    if (CheckpointKeys.isFingerprint(text.toLowerCase(java.util.Locale.ROOT))) {
      Set<String> more = new LinkedHashSet<>(fingerprints);
      more.add(text.toLowerCase(java.util.Locale.ROOT));
      return new TrustedKeys(keys, more);
    }
    try {
      return with(CheckpointKeys.parsePublicKey(text));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("not a trusted checkpoint key: '" + pin + "' is neither a public key (PEM or "
          + "base64 X.509) nor a SHA-256 fingerprint (64 hex digits)", e);
    }
  }

  public boolean isEmpty() {
    return keys.isEmpty() && fingerprints.isEmpty();
  }

  /**
   * The trusted keys by every id a checkpoint may name them with: the fingerprint, and the 64-bit prefix that
   * checkpoints from before P12 carry (safe here: the key behind the id is a pinned one, and the signature decides).
   * {@code registered} (the database's keys) contributes only keys whose fingerprint is pinned.
   */
  Map<String, PublicKey> byKeyId(Map<String, PublicKey> registered) {
    Map<String, PublicKey> byId = new HashMap<>();
    keys.values().forEach(k -> index(byId, k));
    for (PublicKey k : registered.values()) {
      if (fingerprints.contains(CheckpointKeys.keyIdOf(k))) index(byId, k);
    }
    return byId;
  }

  private static void index(Map<String, PublicKey> byId, PublicKey key) {
    String fingerprint = CheckpointKeys.keyIdOf(key);
    byId.put(fingerprint, key);
    byId.put(fingerprint.substring(0, CheckpointKeys.LEGACY_KEY_ID_LENGTH), key);
  }
}
