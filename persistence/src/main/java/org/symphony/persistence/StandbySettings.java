package org.symphony.persistence;

import com.typesafe.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A hot standby's settings ({@code symphony.persistence.standby}, see reference.conf). The application name and the
 * replication user end up in ALTER SYSTEM, slot names and conninfo strings: plain identifiers only.
 */
public record StandbySettings(
        Path dataDir,
        int port,
        String applicationName,
        String replicationUser,
        String primaryHost,
        Duration streamingTimeout,
        Duration promoteTimeout,
        String maxSlotWalKeepSize) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_-]+");
    private static final Pattern SIZE = Pattern.compile("-1|\\d+\\s*(kB|MB|GB|TB)?");

    public StandbySettings {
        if (dataDir == null) throw new IllegalArgumentException("standby data-dir must be set");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("standby port must be 0..65535, was " + port);
        RoleNames.require(applicationName);
        RoleNames.require(replicationUser);
        if (primaryHost == null || !HOST.matcher(primaryHost).matches())
            throw new IllegalArgumentException("standby primary-host: not a host name or address: " + primaryHost);
        if (streamingTimeout == null || streamingTimeout.isNegative() || streamingTimeout.isZero())
            throw new IllegalArgumentException("standby streaming-timeout must be positive");
        if (promoteTimeout == null || promoteTimeout.toSeconds() < 1)
            throw new IllegalArgumentException("standby promote-timeout must be at least 1s");
        if (maxSlotWalKeepSize == null || !SIZE.matcher(maxSlotWalKeepSize.trim()).matches())
            throw new IllegalArgumentException("standby max-slot-wal-keep-size: not a size (e.g. 1GB): " + maxSlotWalKeepSize);
        maxSlotWalKeepSize = maxSlotWalKeepSize.trim().replace(" ", "");
    }

    /** From the {@code symphony.persistence.standby} section of a resolved config. */
    public static StandbySettings fromConfig(Config root) {
        Config c = root.getConfig("symphony.persistence.standby");
        return new StandbySettings(
                Path.of(c.getString("data-dir")),
                c.getInt("port"),
                c.getString("application-name"),
                c.getString("replication-user"),
                c.getString("primary-host"),
                c.getDuration("streaming-timeout"),
                c.getDuration("promote-timeout"),
                c.getString("max-slot-wal-keep-size"));
    }

    public StandbySettings withDataDir(Path value) {
        return new StandbySettings(value, port, applicationName, replicationUser, primaryHost, streamingTimeout, promoteTimeout, maxSlotWalKeepSize);
    }

    public StandbySettings withPort(int value) {
        return new StandbySettings(dataDir, value, applicationName, replicationUser, primaryHost, streamingTimeout, promoteTimeout, maxSlotWalKeepSize);
    }

    /**
     * The standby's own server: the primary's server settings (a hot standby needs max_connections and the like at
     * least as high as its primary's) on this directory and port.
     */
    DatabaseSettings server(DatabaseSettings primary) {
        return primary.withoutExternal().withEphemeral(false).withDataDir(dataDir).withPort(port);
    }
}
