package org.symphony.node.scenario;

import com.typesafe.config.Config;
import java.time.Duration;

/** The bounds of a scenario run (symphony.scenario). */
public record ScenarioSettings(
    int submitConcurrency,
    int maxSubmitTries,
    Duration requestTimeout,
    Duration connectTimeout,
    Duration maxRetryWait,
    Duration unansweredRetryWait,
    int pollConcurrency,
    Duration pollInterval,
    Duration settleTimeout,
    Duration incidentWait,
    Duration progressInterval,
    int maxInstructions,
    int maxParticipants) {

  public ScenarioSettings {
    if (submitConcurrency < 1 || pollConcurrency < 1 || maxSubmitTries < 1 || maxInstructions < 1 || maxParticipants < 1)
      throw new IllegalArgumentException("symphony.scenario: concurrency, tries and maxima must be at least 1");
  }

  public static ScenarioSettings fromConfig(Config root) {
    Config c = root.getConfig("symphony.scenario");
    return new ScenarioSettings(
        c.getInt("submit-concurrency"),
        c.getInt("max-submit-tries"),
        c.getDuration("request-timeout"),
        c.getDuration("connect-timeout"),
        c.getDuration("max-retry-wait"),
        c.getDuration("unanswered-retry-wait"),
        c.getInt("poll-concurrency"),
        c.getDuration("poll-interval"),
        c.getDuration("settle-timeout"),
        c.getDuration("incident-wait"),
        c.getDuration("progress-interval"),
        c.getInt("max-instructions"),
        c.getInt("max-participants"));
  }

  public ScenarioSettings withSettleTimeout(Duration timeout) {
    return new ScenarioSettings(submitConcurrency, maxSubmitTries, requestTimeout, connectTimeout, maxRetryWait, unansweredRetryWait,
        pollConcurrency, pollInterval, timeout, incidentWait, progressInterval, maxInstructions, maxParticipants);
  }
}
