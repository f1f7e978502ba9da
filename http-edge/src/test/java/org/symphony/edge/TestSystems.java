package org.symphony.edge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** Actor systems for edge tests: local provider, logging through slf4j/logback at WARN. */
public final class TestSystems {

  private TestSystems() {}

  public static ActorTestKit testKit(String name) {
    Config config =
        ConfigFactory.parseString(
                "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                    + "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"\n"
                    + "pekko.loglevel = WARNING\n"
                    + "pekko.actor.provider = local\n")
            .withFallback(ConfigFactory.load());
    return ActorTestKit.create(name, config);
  }
}
