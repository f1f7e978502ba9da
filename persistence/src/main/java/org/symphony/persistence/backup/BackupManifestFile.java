package org.symphony.persistence.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifest as a flat JSON object in the backup's directory. Only this class writes it, so reading needs no general
 * JSON parser: string and integer members, one level. The directory is not stored: it is wherever the file is found.
 */
public final class BackupManifestFile {

    /** Not PostgreSQL's own {@code backup_manifest} (pg_verifybackup would try to read that). */
    public static final String FILE_NAME = "symphony-backup.json";

    private static final Pattern MEMBER = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|-?\\d+)");

    private BackupManifestFile() {
    }

    /** Written to a temp name and renamed: a manifest exists only for a finished backup. */
    public static void write(BackupManifest m) throws IOException {
        String json = "{\n"
                + "  \"label\": " + quote(m.label()) + ",\n"
                + "  \"started_at\": " + quote(m.startedAt().toString()) + ",\n"
                + "  \"stopped_at\": " + quote(m.stoppedAt().toString()) + ",\n"
                + "  \"start_lsn\": " + quote(m.startLsn()) + ",\n"
                + "  \"stop_lsn\": " + quote(m.stopLsn()) + ",\n"
                + "  \"files\": " + m.files() + ",\n"
                + "  \"bytes\": " + m.bytes() + "\n"
                + "}\n";
        Path tmp = m.directory().resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, m.directory().resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The manifest of the backup in {@code directory}; an {@link IOException} when it is missing or damaged. */
    public static BackupManifest read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, String> members = new LinkedHashMap<>();
        Matcher m = MEMBER.matcher(json);
        while (m.find()) members.put(m.group(1), m.group(3) != null ? unquote(m.group(3)) : m.group(2));
        try {
            return new BackupManifest(required(members, "label"), Instant.parse(required(members, "started_at")),
                    Instant.parse(required(members, "stopped_at")), required(members, "start_lsn"),
                    required(members, "stop_lsn"), directory, Long.parseLong(required(members, "files")),
                    Long.parseLong(required(members, "bytes")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> members, String name) {
        String v = members.get(name);
        if (v == null) throw new IllegalArgumentException("no \"" + name + "\"");
        return v;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    private static String unquote(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }
}
