package org.symphony.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A superuser login to the primary a standby is made from: it takes the base backup, creates the replication role and
 * slot, and switches synchronous replication on. The primary's data directory must be on this machine (the backup
 * copies its files).
 */
public record PrimaryLogin(String jdbcUrl, String user, String password) {

    public PrimaryLogin {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://"))
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + JdbcUrls.redact(jdbcUrl));
        RoleNames.require(user);
    }

    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("ApplicationName", "symphony-standby-admin");
        return DriverManager.getConnection(jdbcUrl, p);
    }

    @Override
    public String toString() {
        return "PrimaryLogin[" + JdbcUrls.redact(jdbcUrl) + ", user=" + user + ", password=***]";
    }
}
