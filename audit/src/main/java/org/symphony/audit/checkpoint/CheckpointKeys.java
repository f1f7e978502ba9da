package org.symphony.audit.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The node's Ed25519 checkpoint key pair. Its key id is its fingerprint: the SHA-256 over the public key's X.509
 * (SubjectPublicKeyInfo) encoding, 64 hex digits (256 bits; checkpoints from before P12 carry the first 16 of them).
 * Verifiers pin keys by this fingerprint or by the full public key, never by what the database holds. On disk it is a PKCS#8 PEM file ("PRIVATE KEY", the format
 * {@code openssl genpkey -algorithm ed25519} writes), created owner-only (0600) and never overwritten, so a wrong
 * path cannot silently replace a key that operators have backed up or pinned. Losing the file is survivable: the
 * next key gets a new fingerprint, and old checkpoints stay verifiable for whoever pinned the old key.
 */
public final class CheckpointKeys {

  public static final String ALGORITHM = "Ed25519";
  /** The key file's name in a node home's keys directory. */
  public static final String DEFAULT_FILE_NAME = "checkpoint-ed25519.pem";
  /** Hex digits of the 64-bit key ids written before P12; still read, never written. */
  public static final int LEGACY_KEY_ID_LENGTH = 16;
  private static final java.util.regex.Pattern FINGERPRINT = java.util.regex.Pattern.compile("[0-9a-f]{64}");
  private static final String PUBLIC_PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PUBLIC_PEM_END = "-----END PUBLIC KEY-----";
  private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PEM_END = "-----END PRIVATE KEY-----";

  private final KeyPair pair;
  private final String keyId;

  private CheckpointKeys(KeyPair pair) {
    this.pair = pair;
    this.keyId = keyIdOf(pair.getPublic());
  }

  public static CheckpointKeys generate() {
    try {
      return new CheckpointKeys(KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
    }
  }

  /** Keys from {@code keyFile} (created if absent), or a fresh in-memory pair when no file is configured. */
  public static CheckpointKeys loadOrGenerate(Optional<Path> keyFile) throws IOException {
    return keyFile.isPresent() ? loadOrCreate(keyFile.get()) : generate();
  }

  /** Loads the key in {@code file}; if there is none, generates one and writes it there (0600). */
  public static CheckpointKeys loadOrCreate(Path file) throws IOException {
    try {
      return load(file);
    } catch (NoSuchFileException absent) {
      CheckpointKeys keys = generate();
      try {
        keys.writeTo(file);
        return keys;
      } catch (FileAlreadyExistsException raced) {
        return load(file); // another process created it between our read and our write: theirs wins
      }
    }
  }

  /** Reads a PKCS#8 Ed25519 private key, PEM or bare base64, and derives its public key. */
  public static CheckpointKeys load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String base64 = text.replace(PEM_BEGIN, "").replace(PEM_END, "").replaceAll("\\s", "");
    try {
      PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      return fromPrivateKey(key);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("Not a PKCS#8 Ed25519 private key: " + file, e);
    }
  }

  /** The pair for an existing Ed25519 private key (its public key is derived from the private seed). */
  public static CheckpointKeys fromPrivateKey(PrivateKey key) throws GeneralSecurityException {
    if (!(key instanceof EdECPrivateKey edKey) || edKey.getBytes().isEmpty()) {
      throw new GeneralSecurityException("not an Ed25519 private key: " + key.getAlgorithm());
    }
    byte[] seed = edKey.getBytes().get();
    // The JDK has no public "derive the public key" call; its Ed25519 generator turns exactly one 32-byte draw from
    // the SecureRandom into the key pair, so feeding it the seed re-derives the pair. Checked below by a round trip.
    KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
    generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
    KeyPair derived;
    try {
      derived = generator.generateKeyPair();
    } catch (IllegalStateException e) {
      throw new GeneralSecurityException("this JDK's Ed25519 generator cannot re-derive a key pair from a seed", e);
    }
    KeyPair pair = new KeyPair(derived.getPublic(), key);
    requireMatchingPair(pair);
    return new CheckpointKeys(pair);
  }

  /** Writes the private key as PKCS#8 PEM to a new owner-only (0600) file; refuses to replace an existing file. */
  public void writeTo(Path file) throws IOException {
    String pem = PEM_BEGIN + "\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded()) + "\n"
        + PEM_END + "\n";
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    // Created with 0600 from the start (no window in which it is readable by others); CREATE_NEW fails if it exists.
    try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer bytes = ByteBuffer.wrap(pem.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) channel.write(bytes);
      channel.force(true);
    }
  }

  /** The key's fingerprint (SHA-256 of its encoded public key, hex), as checkpoints and the CLI name it. */
  public String keyId() {
    return keyId;
  }

  public PublicKey publicKey() {
    return pair.getPublic();
  }

  /** Base64 of the X.509 SubjectPublicKeyInfo, as attestation_signing_key.public_key_der stores it. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
  }

  PrivateKey privateKey() {
    return pair.getPrivate();
  }

  /** The fingerprint: SHA-256 of the X.509 encoding of the public key, 64 lowercase hex digits. */
  public static String keyIdOf(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
    }
  }

  public static boolean isFingerprint(String text) {
    return FINGERPRINT.matcher(text).matches();
  }

  /** A public key given as PEM ("PUBLIC KEY") or as bare base64 of its X.509 encoding, e.g. on a command line. */
  public static PublicKey parsePublicKey(String text) throws GeneralSecurityException {
    return decodePublicKey(text.replace(PUBLIC_PEM_BEGIN, "").replace(PUBLIC_PEM_END, "").replaceAll("\\s", ""));
  }

  /** Decodes attestation_signing_key.public_key_der. */
  public static PublicKey decodePublicKey(String base64Der) throws GeneralSecurityException {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64Der)));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("public key is not base64", e);
    }
  }

  @Override
  public String toString() {
    return "CheckpointKeys[keyId=" + keyId + "]"; // never the private key
  }

  private static void requireMatchingPair(KeyPair pair) throws GeneralSecurityException {
    byte[] probe = "symphony-checkpoint-key-check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(ALGORITHM);
    signer.initSign(pair.getPrivate());
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(ALGORITHM);
    verifier.initVerify(pair.getPublic());
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("could not derive the Ed25519 public key from the private key");
    }
  }

  /** A "random" source that yields one fixed seed; only for re-deriving a key pair. */
  private static final class SeedRandom extends SecureRandom {
    private final byte[] seed;
    private boolean drawn;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (drawn || bytes.length != seed.length) {
        throw new IllegalStateException("unexpected draw of " + bytes.length + " bytes from a one-seed source");
      }
      System.arraycopy(seed, 0, bytes, 0, bytes.length);
      Arrays.fill(seed, (byte) 0);
      drawn = true;
    }
  }
}
