package org.symphony.persistence;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Hashes of client secrets: {@code hmac-sha256$<base64 HMAC-SHA-256(server key, secret)>}. Client secrets are
 * 256-bit random values ({@link #generate()}), so a slow password hash buys nothing against guessing, while it made
 * every wrong secret cost the token endpoint ~0.2 s of CPU (a lockout for everyone under a flood). The server key
 * (the "pepper", kept outside the database) means a leaked table alone cannot even test a candidate secret.
 *
 * <p>Hashes written before are {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}: still verified (the caller re-hashes
 * a match with HMAC, {@link Match#MATCHED_LEGACY}), never written.
 */
public final class ClientSecrets {

    /** What a secret check concluded. */
    public enum Match {
        MATCHED,
        /** Right secret, stored under the old scheme: store {@link #hash} of it instead. */
        MATCHED_LEGACY,
        NO_MATCH;

        public boolean matched() {
            return this != NO_MATCH;
        }
    }

    private static final String SCHEME = "hmac-sha256";
    private static final String LEGACY_SCHEME = "pbkdf2-sha256";
    private static final String HMAC = "HmacSHA256";
    private static final String PBKDF2 = "PBKDF2WithHmacSHA256";
    static final int LEGACY_ITERATIONS = 100_000;
    // A stored hash is trusted input, but bound the work one legacy verification can cost anyway.
    private static final int MAX_LEGACY_ITERATIONS = 1_000_000;
    private static final int LEGACY_KEY_BITS = 256;
    /** At least as strong as the secrets it protects. */
    public static final int MIN_KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public ClientSecrets(byte[] serverKey) {
        if (serverKey == null || serverKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the client-secret key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(serverKey.clone(), HMAC);
    }

    /** A new random secret: 32 bytes, base64url without padding (43 characters). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new random server key of {@link #MIN_KEY_BYTES}. */
    public static byte[] generateKey() {
        byte[] bytes = new byte[MIN_KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * What this key makes of a fixed label: recorded once per database, so that a node started with another key
     * (a cluster whose nodes disagree, a lost key file) is refused at start instead of refusing every client.
     */
    public String keyCheck() {
        return hash("symphony: client-secret key check");
    }

    public String hash(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("client secret must not be empty");
        }
        return SCHEME + "$" + Base64.getEncoder().withoutPadding().encodeToString(hmac(secret));
    }

    /** Whether {@code secret} produced {@code encoded}; NO_MATCH for a wrong secret or a malformed hash. Constant-time compare. */
    public Match check(String secret, String encoded) {
        if (secret == null || secret.isEmpty() || encoded == null) {
            return Match.NO_MATCH;
        }
        String[] parts = encoded.split("\\$");
        try {
            if (parts.length == 2 && SCHEME.equals(parts[0])) {
                return MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), hmac(secret)) ? Match.MATCHED : Match.NO_MATCH;
            }
            if (parts.length == 4 && LEGACY_SCHEME.equals(parts[0])) {
                return legacyMatches(secret, parts) ? Match.MATCHED_LEGACY : Match.NO_MATCH;
            }
        } catch (IllegalArgumentException e) { // bad number or bad base64
            return Match.NO_MATCH;
        }
        return Match.NO_MATCH;
    }

    /** A hash in the old scheme, as stored before: for tests of the migration path only. */
    static String legacyHash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return LEGACY_SCHEME + "$" + LEGACY_ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(secret, salt, LEGACY_ITERATIONS));
    }

    private byte[] hmac(String secret) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is part of every Java 17 runtime", e);
        }
    }

    private static boolean legacyMatches(String secret, String[] parts) {
        int iterations = Integer.parseInt(parts[1]);
        if (iterations < 1 || iterations > MAX_LEGACY_ITERATIONS) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] salt = b64.decode(parts[2]);
        byte[] expected = b64.decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(secret, salt, iterations));
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, LEGACY_KEY_BITS);
        try {
            return SecretKeyFactory.getInstance(PBKDF2).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(PBKDF2 + " is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
