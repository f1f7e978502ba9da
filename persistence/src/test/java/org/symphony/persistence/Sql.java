package org.symphony.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One-value queries for tests, as the owner (server settings such as data_directory are not the runtime role's to read). */
final class Sql {

    private Sql() {
    }

    static String queryString(SymphonyDatabase db, String sql) {
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void execute(SymphonyDatabase db, String sql) {
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
