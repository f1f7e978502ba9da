package org.symphony.rails.http;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Calls to a rail host hold one of a fixed number of slots; the rest wait, first come first served, or are not sent. */
class ConnectionSlotsTest {

  private static final ActorTestKit kit = ActorTestKit.create();
  private static final Duration LONG = Duration.ofSeconds(30);

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void theSlotsAreHandedOutThenTheWaitersAreServedInTheirOrder() {
    var slots = new ConnectionSlots(2, 10, kit.system());
    var a = slots.acquire(LONG).toCompletableFuture();
    var b = slots.acquire(LONG).toCompletableFuture();
    var c = slots.acquire(LONG).toCompletableFuture();
    var d = slots.acquire(LONG).toCompletableFuture();
    assertTrue(a.isDone() && b.isDone(), "two slots at once");
    assertFalse(c.isDone() || d.isDone(), "the third and fourth wait");
    assertEquals(2, slots.waiting());

    a.join().release();
    assertTrue(c.isDone(), "the first waiter gets the freed slot");
    assertFalse(d.isDone());
    b.join().release();
    assertTrue(d.isDone());
    assertEquals(2, slots.inUse(), "a slot passed on stays in use");
    c.join().release();
    d.join().release();
    assertEquals(0, slots.inUse());
  }

  @Test
  void aCallThatGetsNoSlotWithinItsWaitIsNotSent() {
    var slots = new ConnectionSlots(1, 10, kit.system());
    var held = slots.acquire(LONG).toCompletableFuture().join();
    var late = slots.acquire(Duration.ofMillis(50)).toCompletableFuture();
    var error = assertThrows(CompletionException.class, late::join);
    assertInstanceOf(NotSentException.class, error.getCause());
    assertTrue(error.getCause().getMessage().startsWith("not sent"), error.getCause().getMessage());
    assertEquals(0, slots.waiting(), "the waiter that gave up left the queue");

    held.release();
    assertEquals(0, slots.inUse(), "its slot was not handed to the waiter that gave up");
  }

  @Test
  void theQueueIsBoundedAndWhatFindsItFullIsNotSentAtOnce() {
    var slots = new ConnectionSlots(1, 2, kit.system());
    List<CompletableFuture<ConnectionSlots.Slot>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) calls.add(slots.acquire(LONG).toCompletableFuture());
    assertEquals(2, slots.waiting(), "no more than two wait");
    for (int i = 3; i < 5; i++) {
      var error = assertThrows(CompletionException.class, calls.get(i)::join);
      assertInstanceOf(NotSentException.class, error.getCause());
    }
  }

  @Test
  void releasingTwiceFreesOneSlot() {
    var slots = new ConnectionSlots(1, 10, kit.system());
    var held = slots.acquire(LONG).toCompletableFuture().join();
    var waiter = slots.acquire(LONG).toCompletableFuture();
    var third = slots.acquire(LONG).toCompletableFuture();
    held.release();
    held.release();
    assertTrue(waiter.isDone());
    assertFalse(third.isDone(), "a second release of the same slot frees nothing");
    assertEquals(1, slots.inUse());
  }
}
