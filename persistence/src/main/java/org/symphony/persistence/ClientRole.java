package org.symphony.persistence;

/** Who a token-endpoint client is; stored lower-case in {@code api_client.role}. */
public enum ClientRole {
    PARTICIPANT("participant"),
    OPERATOR("operator"),
    SUPERVISOR("supervisor");

    private final String dbValue;

    ClientRole(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public static ClientRole fromDbValue(String value) {
        for (ClientRole role : values()) {
            if (role.dbValue.equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown client role '" + value + "'");
    }
}
