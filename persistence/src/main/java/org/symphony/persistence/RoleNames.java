package org.symphony.persistence;

import java.util.regex.Pattern;

/** Role names end up in GRANT and ALTER ROLE statements, which take no bind parameters: plain identifiers only. */
final class RoleNames {

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private RoleNames() {
    }

    static String require(String role) {
        if (role == null || !PLAIN.matcher(role).matches()) {
            throw new IllegalArgumentException("role name must be a plain lower-case identifier ([a-z_][a-z0-9_]*), was " + role);
        }
        return role;
    }
}
