package org.symphony.rails.sim.mtn;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MTN's callback as MTN sends it: once, when the transfer has its final status, by PUT, without retry.
 * Whether it arrives or not, the receiver must not depend on it (polling is the safety net).
 */
final class MtnCallbacks {

  private static final Logger log = LoggerFactory.getLogger(MtnCallbacks.class);

  private MtnCallbacks() {}

  static void sendOnce(ActorSystem<?> system, String url, SimTransfer transfer) {
    long delayMs = Math.max(0, transfer.completesAtMs() - System.currentTimeMillis());
    system.scheduler().scheduleOnce(Duration.ofMillis(delayMs), () -> {
      String status = transfer.outcome() == SimTransfer.Outcome.SUCCESSFUL ? "SUCCESSFUL" : "FAILED";
      byte[] body = transfer.toApiJson(status).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Http.get(system)
          .singleRequest(HttpRequest.create(url).withMethod(HttpMethods.PUT).withEntity(ContentTypes.APPLICATION_JSON, body))
          .whenComplete((response, error) -> {
            if (error != null) log.info("callback to {} for {} not delivered (not retried): {}", url, transfer.referenceId(), error.toString());
            else response.discardEntityBytes(system);
          });
    }, system.executionContext());
  }
}
