package org.symphony.audit.evidence;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.symphony.audit.supervision.GapReport;
import org.symphony.audit.verify.VerificationReport;

/**
 * What a bundle is built from: the database (read as the node's role), the gap analysis and chain verification already
 * run on it, the measured runs' directory, the benchmark's JSON, the source tree (git, test reports, the phase file)
 * and the settings the figures are judged against.
 *
 * @param sourceTree the project's work tree; git and docs are read from it when present
 * @param testReports where surefire's reports of the build are looked for (usually the source tree)
 * @param environment sandbox | staging | production
 * @param maxDispatchAttempts the engine's bound before dead-lettering (symphony.engine.instruction.max-dispatch-attempts)
 * @param tokenTtl the lifetime of a participant's access token: the credential whose expiry bounds revocation
 * @param requireComplete whether a required case that has not run fails the bundle (the CI gate), or only shows not_run
 * @param buildEnvironment the environment variables describing the CI build (SYMPHONY_BUILD_*), usually System.getenv()
 */
public record BundleInputs(
    DataSource db,
    GapReport gaps,
    VerificationReport chain,
    MeasuredRuns runs,
    Optional<Path> benchmark,
    Path sourceTree,
    Path testReports,
    String environment,
    String phase,
    String issuer,
    int maxDispatchAttempts,
    Duration tokenTtl,
    boolean requireComplete,
    Map<String, String> buildEnvironment,
    Clock clock) {}
