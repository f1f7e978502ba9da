package org.symphony.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.symphony.persistence.backup.WalArchive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the node's PostgreSQL lives and how to connect to it; read from {@code symphony.persistence}
 * (see reference.conf). When {@link #external()} is present no embedded server is started.
 */
public record DatabaseSettings(
        Path dataDir,
        int port,
        boolean ephemeral,
        Duration startupTimeout,
        int maxConnections,
        String sharedBuffers,
        Optional<External> external,
        int poolSize,
        int ownerPoolSize,
        Duration connectionTimeout,
        Duration statementTimeout,
        EmbeddedNetwork network,
        WalArchive walArchive) {

    private static final String SECTION = "symphony.persistence";

    /**
     * An existing PostgreSQL server. {@code user}/{@code password} are the schema owner's (migrations, partitions);
     * {@code runtimeUser}/{@code runtimePassword}, when given, are the role the node's pools use (see V6); without
     * them the node runs with the owner's rights. Any of them may be null when the URL or the server does not need it.
     */
    public record External(String url, String user, String password, String runtimeUser, String runtimePassword) {
        public External {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("external database url must not be blank");
            }
            if (runtimeUser != null && runtimeUser.isBlank()) runtimeUser = null;
            if (runtimeUser != null) RoleNames.require(runtimeUser);
        }

        public External(String url, String user, String password) {
            this(url, user, password, null, null);
        }

        public boolean hasRuntimeRole() {
            return runtimeUser != null;
        }

        @Override
        public String toString() {
            return "External[url=" + JdbcUrls.redact(url) + ", user=" + user + ", password=" + (password == null ? "null" : "***")
                    + ", runtimeUser=" + runtimeUser + ", runtimePassword=" + (runtimePassword == null ? "null" : "***") + "]";
        }
    }

    public DatabaseSettings {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir must be set");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool-size must be at least 1, was " + poolSize);
        }
        if (ownerPoolSize < 1) {
            throw new IllegalArgumentException("owner-pool-size must be at least 1, was " + ownerPoolSize);
        }
        external = external == null ? Optional.empty() : external;
        network = network == null ? EmbeddedNetwork.LOCAL : network;
        walArchive = walArchive == null ? WalArchive.OFF : walArchive;
    }

    /** Settings from {@code ConfigFactory.load()}: application.conf, system properties and SYMPHONY_DB_* variables. */
    public static DatabaseSettings load() {
        return fromConfig(ConfigFactory.load());
    }

    /** Settings from the {@code symphony.persistence} section of a resolved config. */
    public static DatabaseSettings fromConfig(Config root) {
        Config c = root.getConfig(SECTION);
        Config embedded = c.getConfig("embedded");
        Optional<External> external = nonBlank(c, "external.url")
                .map(url -> new External(url, nonBlank(c, "external.user").orElse(null), optional(c, "external.password").orElse(null),
                        nonBlank(c, "external.runtime-user").orElse(null), optional(c, "external.runtime-password").orElse(null)));
        return new DatabaseSettings(
                Path.of(embedded.getString("data-dir")),
                embedded.getInt("port"),
                embedded.getBoolean("ephemeral"),
                embedded.getDuration("startup-timeout"),
                embedded.getInt("max-connections"),
                embedded.getString("shared-buffers"),
                external,
                c.getInt("pool-size"),
                c.getInt("owner-pool-size"),
                c.getDuration("connection-timeout"),
                c.getDuration("statement-timeout"),
                new EmbeddedNetwork(embedded.getString("listen-addresses"), embedded.getStringList("allowed-networks")),
                WalArchive.fromConfig(embedded.getConfig("wal-archive")));
    }

    public boolean isExternal() {
        return external.isPresent();
    }

    public DatabaseSettings withEphemeral(boolean value) {
        return new DatabaseSettings(dataDir, port, value, startupTimeout, maxConnections, sharedBuffers, external, poolSize, ownerPoolSize, connectionTimeout, statementTimeout, network, walArchive);
    }

    public DatabaseSettings withDataDir(Path value) {
        return new DatabaseSettings(value, port, ephemeral, startupTimeout, maxConnections, sharedBuffers, external, poolSize, ownerPoolSize, connectionTimeout, statementTimeout, network, walArchive);
    }

    public DatabaseSettings withPort(int value) {
        return new DatabaseSettings(dataDir, value, ephemeral, startupTimeout, maxConnections, sharedBuffers, external, poolSize, ownerPoolSize, connectionTimeout, statementTimeout, network, walArchive);
    }

    public DatabaseSettings withPoolSize(int value) {
        return new DatabaseSettings(dataDir, port, ephemeral, startupTimeout, maxConnections, sharedBuffers, external, value, ownerPoolSize, connectionTimeout, statementTimeout, network, walArchive);
    }

    public DatabaseSettings withOwnerPoolSize(int value) {
        return new DatabaseSettings(dataDir, port, ephemeral, startupTimeout, maxConnections, sharedBuffers, external, poolSize, value, connectionTimeout, statementTimeout, network, walArchive);
    }

    public DatabaseSettings withExternal(String url, String user, String password) {
        return new DatabaseSettings(dataDir, port, ephemeral, startupTimeout, maxConnections, sharedBuffers,
                Optional.of(new External(url, user, password)), poolSize, ownerPoolSize, connectionTimeout, statementTimeout, network, walArchive);
    }

    public DatabaseSettings withExternal(External value) {
        return new DatabaseSettings(dataDir, port, ephemeral, startupTimeout, maxConnections, sharedBuffers,
                Optional.of(value), poolSize, ownerPoolSize, connectionTimeout, statementTimeout, network, walArchive);
    }

    public DatabaseSettings withNetwork(EmbeddedNetwork value) {
        return new DatabaseSettings(dataDir, port, ephemeral, startupTimeout, maxConnections, sharedBuffers, external, poolSize, ownerPoolSize, connectionTimeout, statementTimeout, value, walArchive);
    }

    public DatabaseSettings withStartupTimeout(Duration value) {
        return new DatabaseSettings(dataDir, port, ephemeral, value, maxConnections, sharedBuffers, external, poolSize, ownerPoolSize, connectionTimeout, statementTimeout, network, walArchive);
    }

    public DatabaseSettings withWalArchive(WalArchive value) {
        return new DatabaseSettings(dataDir, port, ephemeral, startupTimeout, maxConnections, sharedBuffers, external, poolSize, ownerPoolSize, connectionTimeout, statementTimeout, network, value);
    }

    /** Ignore any configured external database (e.g. tests that must run against their own embedded server). */
    public DatabaseSettings withoutExternal() {
        return new DatabaseSettings(dataDir, port, ephemeral, startupTimeout, maxConnections, sharedBuffers, Optional.empty(), poolSize, ownerPoolSize, connectionTimeout, statementTimeout, network, walArchive);
    }

    private static Optional<String> optional(Config c, String path) {
        return c.hasPath(path) ? Optional.of(c.getString(path)) : Optional.empty();
    }

    // An exported-but-empty SYMPHONY_DB_URL means "not set", not "connect to ''".
    private static Optional<String> nonBlank(Config c, String path) {
        return optional(c, path).filter(s -> !s.isBlank());
    }
}
