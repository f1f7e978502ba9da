package org.symphony.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The log events of an in-process node while a test runs, with some loggers raised to INFO (the suite's default to
 * WARN): for tests that assert what the node logged. Closing puts the loggers back.
 */
final class CapturedLogs implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final List<String> raised;

  private CapturedLogs(List<String> raised) {
    this.raised = raised;
    appender.start();
    root.addAppender(appender);
    for (String name : raised) ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO);
  }

  static CapturedLogs start(String... infoLoggers) {
    return new CapturedLogs(List.of(infoLoggers));
  }

  /** A position to take {@link #since} from. */
  int mark() {
    return appender.list.size();
  }

  List<ILoggingEvent> since(int mark) {
    return List.copyOf(appender.list.subList(mark, appender.list.size()));
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    for (String name : raised) ((Logger) LoggerFactory.getLogger(name)).setLevel(null);
  }
}
