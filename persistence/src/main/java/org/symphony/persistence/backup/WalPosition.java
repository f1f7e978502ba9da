package org.symphony.persistence.backup;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WAL locations and segment file names (timeline, then log and segment number, 8 hex digits each). Archive retention
 * compares segment numbers only, across timelines: a segment before a backup's start is needed by no restore from
 * that backup, whatever its timeline.
 */
public final class WalPosition {

    /** PostgreSQL's default wal_segment_size; the embedded server keeps it. */
    public static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;

    private static final Pattern SEGMENT_FILE = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})(\\..*)?");
    private static final Pattern START_WAL = Pattern.compile("START WAL LOCATION: \\S+ \\(file ([0-9A-F]{24})\\)");

    private WalPosition() {
    }

    /** "16/B374D848" → the byte position. */
    public static long lsn(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("not an LSN: " + text);
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    public static long segmentNumber(long lsn, long segmentBytes) {
        return Long.divideUnsigned(lsn, segmentBytes);
    }

    /**
     * The segment number a WAL archive file name belongs to: segments, .partial segments, .backup history files and
     * the archiver's own .tmp copies. Empty for timeline history files and anything else.
     */
    public static Optional<Long> segmentNumberOf(String fileName, long segmentBytes) {
        Matcher m = SEGMENT_FILE.matcher(fileName);
        if (!m.matches()) return Optional.empty();
        long segmentsPerLog = 0x1_0000_0000L / segmentBytes;
        return Optional.of(Long.parseLong(m.group(2), 16) * segmentsPerLog + Long.parseLong(m.group(3), 16));
    }

    /** The first segment file a base backup needs, from its backup_label. */
    public static Optional<String> startSegmentFile(String backupLabel) {
        Matcher m = START_WAL.matcher(backupLabel);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
