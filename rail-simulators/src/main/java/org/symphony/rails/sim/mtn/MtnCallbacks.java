package org.symphony.rails.sim.mtn;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.symphony.rails.sim.SimCallbacks;

/** MTN's callback as MTN sends it: once, to the request's X-Callback-Url, by PUT, without retry. */
final class MtnCallbacks {

  private MtnCallbacks() {}

  static void sendOnce(SimCallbacks callbacks, String url, SimTransfer transfer) {
    callbacks.sendOnce(new SimCallbacks.Target(url, 0), transfer.completesAtMs(), HttpMethods.PUT,
        ContentTypes.APPLICATION_JSON, () -> {
          String status = transfer.outcome() == SimTransfer.Outcome.SUCCESSFUL ? "SUCCESSFUL" : "FAILED";
          return transfer.toApiJson(status).toString().getBytes(StandardCharsets.UTF_8);
        }, transfer.referenceId());
  }
}
