package org.symphony.rails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;

class StaticRailDirectoryTest {

  private record NamedRail(String id) implements Rail {
    @Override
    public CompletionStage<RailResult> dispatch(RailTransfer transfer) {
      return CompletableFuture.completedFuture(new RailResult.InProgress());
    }

    @Override
    public CompletionStage<RailResult> status(RailKey railKey) {
      return CompletableFuture.completedFuture(new RailResult.NotFound());
    }
  }

  private final Rail mtn = new NamedRail("mtn-momo");
  private final Rail airtel = new NamedRail("airtel-money");

  @Test
  void everyMobileWalletGoesToTheGivenRail() {
    StaticRailDirectory directory = StaticRailDirectory.mobileWalletsTo(mtn, airtel);

    assertSame(mtn, directory.route(new Creditor.MobileWallet("+260961234567")).orElseThrow());
    assertSame(mtn, directory.route(new Creditor.MobileWallet("+260971234567")).orElseThrow());
  }

  @Test
  void railsAreFoundById() {
    StaticRailDirectory directory = StaticRailDirectory.mobileWalletsTo(mtn, airtel);

    assertSame(mtn, directory.byId("mtn-momo").orElseThrow());
    assertSame(airtel, directory.byId("airtel-money").orElseThrow());
    assertTrue(directory.byId("rtgs").isEmpty());
    assertTrue(directory.byId(null).isEmpty());
  }

  @Test
  void twoRailsWithOneIdAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StaticRailDirectory.mobileWalletsTo(mtn, new NamedRail("mtn-momo")));
    assertEquals("two different rails with id mtn-momo", e.getMessage());
  }
}
