package org.symphony.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EC P-256 key pair that signs access tokens (ES256). Loaded from a file when one is configured
 * (a private JWK, or PEM with a PKCS#8 "PRIVATE KEY" and an X.509 "PUBLIC KEY" block); generated and
 * written there (owner-only) when the file does not exist yet, so tokens survive a restart. The key id
 * is the RFC 7638 thumbprint unless the JWK names one.
 */
public final class JwtKeys {

  private static final Logger log = LoggerFactory.getLogger(JwtKeys.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final long MAX_FILE_BYTES = 64 * 1024;

  private final ECKey signingKey;

  private JwtKeys(ECKey signingKey) {
    if (!Curve.P_256.equals(signingKey.getCurve()))
      throw new IllegalArgumentException("token key must be on P-256, got " + signingKey.getCurve());
    if (!signingKey.isPrivate()) throw new IllegalArgumentException("token key file holds no private key");
    if (signingKey.getKeyID() == null) throw new IllegalArgumentException("token key needs a key id");
    this.signingKey = signingKey;
  }

  public static JwtKeys generate() {
    try {
      ECKey raw = new ECKeyGenerator(Curve.P_256).generate();
      return new JwtKeys(withUsage(new ECKey.Builder(raw).keyIDFromThumbprint()));
    } catch (JOSEException e) {
      throw new IllegalStateException("the JDK must generate P-256 keys", e);
    }
  }

  /** Loads the key file if it exists, else generates a key and writes it there; no path: in memory only. */
  public static JwtKeys loadOrCreate(Optional<Path> keyFile) throws IOException {
    if (keyFile.isEmpty()) {
      log.warn("no token key file configured: tokens will not survive a restart of this node");
      return generate();
    }
    Path file = keyFile.get();
    if (Files.exists(file)) return load(file);
    JwtKeys created = generate();
    if (created.persistIfAbsent(file)) {
      log.info("generated a new token signing key {} in {}", created.keyId(), file);
      return created;
    }
    return load(file); // another process created it first: use theirs
  }

  public static JwtKeys load(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) throw new IOException("token key file too large: " + file);
    warnIfReadableByOthers(file);
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      return text.startsWith("{") ? fromJwk(text) : fromPem(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot use token key file " + file + ": " + e.getMessage(), e);
    }
  }

  public static JwtKeys fromJwk(String json) {
    try {
      ECKey parsed = ECKey.parse(json);
      ECKey.Builder builder = new ECKey.Builder(parsed);
      if (parsed.getKeyID() == null) builder.keyIDFromThumbprint();
      return new JwtKeys(withUsage(builder));
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException("not an EC JWK: " + e.getMessage(), e);
    }
  }

  public String keyId() {
    return signingKey.getKeyID();
  }

  /** The public half, safe to publish (e.g. as a JWKS for other verifiers). */
  public ECKey publicJwk() {
    return signingKey.toPublicJWK();
  }

  ECKey signingJwk() {
    return signingKey;
  }

  private static JwtKeys fromPem(String pem) {
    ECPrivateKey privateKey = null;
    ECPublicKey publicKey = null;
    Matcher m = PEM_BLOCK.matcher(pem);
    try {
      KeyFactory ec = KeyFactory.getInstance("EC");
      while (m.find()) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        switch (m.group(1)) {
          case "PRIVATE KEY" -> privateKey = (ECPrivateKey) ec.generatePrivate(new PKCS8EncodedKeySpec(der));
          case "PUBLIC KEY" -> publicKey = (ECPublicKey) ec.generatePublic(new X509EncodedKeySpec(der));
          case "EC PRIVATE KEY" -> throw new IllegalArgumentException(
              "SEC1 'EC PRIVATE KEY' is not supported; convert with: openssl pkcs8 -topk8 -nocrypt");
          default -> throw new IllegalArgumentException("unexpected PEM block " + m.group(1));
        }
      }
      if (privateKey == null || publicKey == null)
        throw new IllegalArgumentException("PEM needs both a 'PRIVATE KEY' and a 'PUBLIC KEY' block");
      requireMatchingPair(privateKey, publicKey);
      Curve curve = Curve.forECParameterSpec(publicKey.getParams());
      if (!Curve.P_256.equals(curve)) throw new IllegalArgumentException("key is not on P-256");
      return new JwtKeys(withUsage(new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey).keyIDFromThumbprint()));
    } catch (GeneralSecurityException | JOSEException | ClassCastException e) {
      throw new IllegalArgumentException("not an EC key pair: " + e.getMessage(), e);
    }
  }

  private static void requireMatchingPair(ECPrivateKey privateKey, ECPublicKey publicKey)
      throws GeneralSecurityException {
    byte[] probe = "symphony/token-key-check".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(privateKey);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(publicKey);
    verifier.update(probe);
    if (!verifier.verify(signature)) throw new IllegalArgumentException("private and public keys do not match");
  }

  private static ECKey withUsage(ECKey.Builder builder) {
    return builder.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build();
  }

  /** Writes the private JWK owner-only; false if the file appeared meanwhile (never overwritten). */
  private boolean persistIfAbsent(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = createOwnerOnlyTemp(dir);
    try {
      Files.writeString(tmp, signingKey.toJSONString() + "\n", StandardCharsets.UTF_8);
      try {
        Files.createLink(file, tmp); // atomic create-if-absent: a concurrent creator wins, not both
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | IOException noHardLinks) {
        if (Files.exists(file)) return false;
        Files.move(tmp, file);
        return true;
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Path createOwnerOnlyTemp(Path dir) throws IOException {
    try {
      return Files.createTempFile(dir, ".token-key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException notPosix) {
      return Files.createTempFile(dir, ".token-key", ".tmp");
    }
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms))
        log.warn("token key file {} is accessible to others ({}); chmod 600 it", file, PosixFilePermissions.toString(perms));
    } catch (UnsupportedOperationException | IOException ignored) {
      // not a POSIX file system: nothing to check
    }
  }
}
