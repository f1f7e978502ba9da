package org.symphony.persistence;

/** One fixed client-secret key for tests, so hashes survive a test's restarts. */
final class TestClientSecrets {

    static final ClientSecrets SECRETS = new ClientSecrets(new byte[ClientSecrets.MIN_KEY_BYTES]);

    private TestClientSecrets() {
    }
}
