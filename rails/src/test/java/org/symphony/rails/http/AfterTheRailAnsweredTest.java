package org.symphony.rails.http;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.RailResult;

/**
 * An adapter that meets "duplicate" on a dispatch asks the rail's status. If the node cannot send that query, the
 * dispatch still reached the rail: the answer is Unknown (resolved by status queries), never NotAsked, which would
 * tell the instruction its dispatch never left the node.
 */
class AfterTheRailAnsweredTest {

  private static final org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit kit =
      org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit.create();

  @org.junit.jupiter.api.AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aFollowUpQueryThatWasNotSentLeavesTheOutcomeUnknownNotUnsent() {
    var query = CompletableFuture.<RailResult>failedFuture(new NotSentException("not sent: all 32 connections to the rail busy"));
    RailResult result = BoundedRailCall.afterTheRailAnswered(query).toCompletableFuture().join();
    var unknown = assertInstanceOf(RailResult.Unknown.class, result);
    assertTrue(unknown.reason().startsWith("the rail answered the dispatch"), unknown.reason());
  }

  @Test
  void otherFailuresAndAnswersPassThrough() {
    var completed = new RailResult.Completed("tx-1");
    assertSame(completed, BoundedRailCall.afterTheRailAnswered(CompletableFuture.completedFuture(completed)).toCompletableFuture().join());
    var timeout = BoundedRailCall.afterTheRailAnswered(CompletableFuture.failedFuture(new TimeoutException("slow"))).toCompletableFuture();
    var error = assertThrows(CompletionException.class, timeout::join);
    assertInstanceOf(TimeoutException.class, error.getCause());
  }

  @Test
  void theWholeDispatchCallStillReportsUnknownThroughTheBoundedCall() {
    var stage = BoundedRailCall.within("rail", "dispatch", java.time.Duration.ofSeconds(5), kit.system(),
        () -> BoundedRailCall.afterTheRailAnswered(CompletableFuture.failedFuture(new NotSentException("not sent: busy"))));
    assertInstanceOf(RailResult.Unknown.class, stage.toCompletableFuture().join());
  }
}
