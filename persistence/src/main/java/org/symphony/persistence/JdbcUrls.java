package org.symphony.persistence;

import java.util.regex.Pattern;

/** Helpers for JDBC URLs that end up in logs and error messages. */
final class JdbcUrls {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");

    private JdbcUrls() {
    }

    /** The URL with any {@code password=} parameter masked, safe to log. */
    static String redact(String url) {
        return url == null ? null : PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    }
}
