package org.symphony.persistence;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a PostgreSQL JDBC URL another client (R2DBC) needs: one or more {@code host:port} (a multi-host URL
 * names a primary and its standby, e.g. {@code jdbc:postgresql://a:5432,b:5433/symphony?targetServerType=primary}),
 * the database and the query parameters.
 */
record JdbcHosts(List<Host> hosts, String database, Map<String, String> parameters) {

    private static final String PREFIX = "jdbc:postgresql://";
    private static final int DEFAULT_PORT = 5432;

    record Host(String name, int port) {}

    JdbcHosts {
        hosts = List.copyOf(hosts);
        parameters = Map.copyOf(parameters);
        if (hosts.isEmpty()) throw new IllegalArgumentException("no host");
    }

    static JdbcHosts parse(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + JdbcUrls.redact(jdbcUrl));
        String rest = jdbcUrl.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        int slash = path.indexOf('/');
        String authority = slash < 0 ? path : path.substring(0, slash);
        String database = slash < 0 || slash == path.length() - 1 ? "postgres" : path.substring(slash + 1);
        List<Host> hosts = new ArrayList<>();
        for (String h : authority.split(",")) {
            if (h.isBlank()) continue;
            int colon = h.startsWith("[") ? h.indexOf(':', h.indexOf(']')) : h.lastIndexOf(':');
            String name = colon < 0 ? h : h.substring(0, colon);
            int port = colon < 0 ? DEFAULT_PORT : Integer.parseInt(h.substring(colon + 1));
            hosts.add(new Host(name.startsWith("[") ? name.substring(1, name.length() - 1) : name, port));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                parameters.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new JdbcHosts(hosts, URLDecoder.decode(database, StandardCharsets.UTF_8), parameters);
    }
}
