package org.symphony.persistence;

/**
 * A PostgreSQL server version as reported by {@code SHOW server_version_num} (e.g. 180004 for 18.4).
 * Symphony relies on PostgreSQL 18 features (uuidv7(), RETURNING OLD/NEW), so older servers are refused.
 */
public record ServerVersion(int versionNum) {

    public static final int MINIMUM_VERSION_NUM = 180000;

    public int major() {
        return versionNum / 10000;
    }

    /** "18.4" for 180004; "9.6.24" for the pre-10 scheme (90624). */
    public String display() {
        if (versionNum >= 100000) {
            return major() + "." + versionNum % 10000;
        }
        return major() + "." + (versionNum / 100) % 100 + "." + versionNum % 100;
    }

    public boolean isSupported() {
        return versionNum >= MINIMUM_VERSION_NUM;
    }

    /** Returns this version if supported, else throws a message that says which server runs what. */
    public ServerVersion requireSupported(String jdbcUrl) {
        if (!isSupported()) {
            throw new UnsupportedDatabaseException("Symphony needs PostgreSQL 18 or newer; " + JdbcUrls.redact(jdbcUrl)
                    + " runs " + display() + " (server_version_num " + versionNum + ")");
        }
        return this;
    }

    @Override
    public String toString() {
        return display();
    }
}
