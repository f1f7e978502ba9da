package org.symphony.engine.rail;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.symphony.engine.serialization.CborSerializable;

/**
 * What a rail said about a transfer, reduced to what the engine must decide on. Only {@link Completed}
 * and {@link Declined} are final; everything else is resolved by asking the rail again, never guessed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RailResult.Completed.class, name = "completed"),
  @JsonSubTypes.Type(value = RailResult.Declined.class, name = "declined"),
  @JsonSubTypes.Type(value = RailResult.InProgress.class, name = "in-progress"),
  @JsonSubTypes.Type(value = RailResult.Unknown.class, name = "unknown"),
  @JsonSubTypes.Type(value = RailResult.NotFound.class, name = "not-found"),
  @JsonSubTypes.Type(value = RailResult.NotAsked.class, name = "not-asked")
})
public sealed interface RailResult extends CborSerializable {

  /** Executed: money moved. railReference is the rail's own transaction id, if it gave one. */
  record Completed(String railReference) implements RailResult {}

  /** Final refusal: the rail did not and will not execute (e.g. PAYEE_NOT_FOUND). */
  record Declined(String reasonCode, String message) implements RailResult {}

  /** The rail accepted the transfer and will decide later; ask again. */
  record InProgress() implements RailResult {}

  /** No usable answer (timeout, 5xx, 409 duplicate, malformed reply): the outcome must be queried. */
  record Unknown(String reason) implements RailResult {}

  /** Status query only: the rail has no transfer under this key, so it was not executed. */
  record NotFound() implements RailResult {}

  /**
   * The rail was not asked: the node's bounded budget of status queries to it is spent for now, or no connection
   * to it came free in time, so the request was never sent. Says nothing about the rail or the transfer: a status
   * query is asked again at the next poll, and a dispatch is made again under the same rail key after a pause.
   */
  record NotAsked(String reason) implements RailResult {}
}
