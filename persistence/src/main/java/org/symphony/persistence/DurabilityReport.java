package org.symphony.persistence;

/**
 * The server settings that decide whether a commit survives a crash, as reported by SHOW.
 * zonky's embedded defaults turn fsync and synchronous_commit off; Symphony's promises need them on.
 */
public record DurabilityReport(String fsync, String synchronousCommit, String fullPageWrites) {

    /** True when a committed transaction survives an OS crash or power loss on this server. */
    public boolean isDurable() {
        // synchronous_commit 'local', 'remote_write', 'remote_apply' and 'on' all flush the local WAL; only 'off' does not.
        return "on".equals(fsync) && !"off".equals(synchronousCommit) && "on".equals(fullPageWrites);
    }

    @Override
    public String toString() {
        return "fsync=" + fsync + ", synchronous_commit=" + synchronousCommit + ", full_page_writes=" + fullPageWrites;
    }
}
