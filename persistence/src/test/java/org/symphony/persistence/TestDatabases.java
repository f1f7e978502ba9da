package org.symphony.persistence;

import java.nio.file.Path;

/** Settings for tests: always embedded (whatever SYMPHONY_DB_URL says), free port. */
final class TestDatabases {

    private TestDatabases() {
    }

    static DatabaseSettings ephemeral() {
        return DatabaseSettings.load().withoutExternal().withPort(0).withPoolSize(4).withEphemeral(true);
    }

    static DatabaseSettings persistent(Path dataDir) {
        return DatabaseSettings.load().withoutExternal().withPort(0).withPoolSize(4).withEphemeral(false).withDataDir(dataDir);
    }
}
