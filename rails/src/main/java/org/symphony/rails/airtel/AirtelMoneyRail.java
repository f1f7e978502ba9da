package org.symphony.rails.airtel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.http.BoundedHttp;
import org.symphony.rails.http.BoundedRailCall;
import org.symphony.rails.http.HttpReply;
import org.symphony.rails.http.AccessToken;
import org.symphony.rails.http.TokenCache;

/**
 * The Airtel Money Disbursement API (v2, B2C) as a {@link Rail}. The rail key is sent as
 * {@code transaction.id}, which Airtel uses to refuse a second execution (DP00900001017), so dispatch may
 * be repeated safely; a duplicate is answered by a status enquiry under the same id. Every call completes
 * within {@link AirtelMoneySettings#callTimeout()} and never fails: anything that is not a clear answer
 * from the rail becomes {@link RailResult.Unknown}, to be resolved by asking {@link #status} again.
 * Outcomes are read from Airtel's response codes ({@link AirtelResponseCode}), not from HTTP statuses.
 * With {@link AirtelMessageSigning} enabled, each disbursement request carries {@code x-signature} and
 * {@code x-key}.
 */
public final class AirtelMoneyRail implements Rail {

  public static final String ID = "airtel-money";

  private static final Logger log = LoggerFactory.getLogger(AirtelMoneyRail.class);

  private final ActorSystem<?> system;
  private final AirtelMoneySettings settings;
  private final BoundedHttp http;
  private final TokenCache tokens;

  private AirtelMoneyRail(ActorSystem<?> system, AirtelMoneySettings settings) {
    this.system = system;
    this.settings = settings;
    this.http = new BoundedHttp(system);
    this.tokens = new TokenCache(this::fetchToken, System::nanoTime);
  }

  public static AirtelMoneyRail create(ActorSystem<?> system, AirtelMoneySettings settings) {
    return new AirtelMoneyRail(system, settings);
  }

  /** Settings from {@code symphony.rails.airtel} in the actor system's configuration. */
  public static AirtelMoneyRail create(ActorSystem<?> system) {
    return create(system, AirtelMoneySettings.fromConfig(system.settings().config()));
  }

  @Override
  public String id() {
    return ID;
  }

  public AirtelMoneySettings settings() {
    return settings;
  }

  @Override
  public CompletionStage<RailResult> dispatch(RailTransfer transfer) {
    return bounded("dispatch", () -> {
      Optional<RailResult.Declined> refusal = AirtelWire.refusal(transfer, settings);
      if (refusal.isPresent()) return done(refusal.get());
      byte[] body = AirtelWire.disbursementBody(transfer, settings);
      return withToken(token -> http.send(postDisbursement(body, token), settings.callTimeout()))
          .thenCompose(reply -> dispatchResult(transfer.railKey(), reply));
    });
  }

  @Override
  public CompletionStage<RailResult> status(RailKey railKey) {
    return bounded("status", () -> enquire(railKey));
  }

  private CompletionStage<RailResult> dispatchResult(RailKey railKey, HttpReply reply) {
    if (!AirtelWire.isDuplicate(reply)) return done(AirtelWire.dispatchResult(reply));
    // this id was used before (an earlier attempt): what counts is what became of that transaction
    return BoundedRailCall.afterTheRailAnswered(enquire(railKey))
        .thenApply(
            r -> r instanceof RailResult.NotFound
                ? new RailResult.Unknown("duplicate transaction id on dispatch but the enquiry found no transaction")
                : r);
  }

  private CompletionStage<RailResult> enquire(RailKey railKey) {
    return withToken(token -> http.send(getDisbursement(railKey, token), settings.callTimeout()))
        .thenApply(AirtelWire::enquiryResult);
  }

  /** Runs a call with the cached token; on 401 drops that token and tries exactly once more. */
  private CompletionStage<HttpReply> withToken(Function<AccessToken, CompletionStage<HttpReply>> call) {
    return tokens.get()
        .thenCompose(token -> call.apply(token).thenCompose(reply -> {
          if (reply.status() != 401) return done(reply);
          log.info("Airtel rejected the access token (401); fetching a new one");
          tokens.invalidate(token);
          return tokens.get().thenCompose(call);
        }));
  }

  private CompletionStage<AccessToken> fetchToken() {
    HttpRequest request =
        HttpRequest.POST(settings.baseUrl() + "/auth/oauth2/token")
            .withEntity(ContentTypes.APPLICATION_JSON,
                AirtelWire.tokenRequestBody(settings.clientId(), settings.clientSecret()));
    return http.send(request, settings.callTimeout())
        .thenApply(reply -> AirtelWire.token(reply, System.nanoTime()));
  }

  private HttpRequest postDisbursement(byte[] body, AccessToken token) {
    HttpRequest request = authorized(HttpRequest.POST(settings.baseUrl() + "/standard/v2/disbursements/"), token)
        .withEntity(ContentTypes.APPLICATION_JSON, body);
    if (!settings.signing().enabled()) return request;
    AirtelMessageSigning.Headers signed = settings.signing().sign(body); // fresh key and IV per request
    return request
        .addHeader(RawHeader.create(AirtelMessageSigning.SIGNATURE_HEADER, signed.signature()))
        .addHeader(RawHeader.create(AirtelMessageSigning.KEY_HEADER, signed.key()));
  }

  private HttpRequest getDisbursement(RailKey railKey, AccessToken token) {
    String id = URLEncoder.encode(railKey.value(), StandardCharsets.UTF_8);
    return authorized(
        HttpRequest.GET(settings.baseUrl() + "/standard/v2/disbursements/" + id + "?transactionType=B2C"), token);
  }

  private HttpRequest authorized(HttpRequest request, AccessToken token) {
    return request
        .addHeader(Authorization.oauth2(token.value()))
        .addHeader(RawHeader.create("X-Country", settings.country()))
        .addHeader(RawHeader.create("X-Currency", settings.currency()));
  }

  /** The port's contract: complete within the call timeout, and never fail. */
  private CompletionStage<RailResult> bounded(String operation, Supplier<CompletionStage<RailResult>> call) {
    return BoundedRailCall.within("Airtel", operation, settings.callTimeout(), system, call);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
