package org.symphony.rails.mtn;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import org.symphony.engine.rail.Creditor;
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
 * The MTN MoMo Disbursement API as a {@link Rail}. The rail key is sent as X-Reference-Id, which MTN
 * uses to refuse a second execution (409), so dispatch may be repeated safely. Every call completes
 * within {@link MtnMomoSettings#callTimeout()} and never fails: anything that is not a clear answer
 * from the rail becomes {@link RailResult.Unknown}, to be resolved by asking {@link #status} again.
 */
public final class MtnMomoRail implements Rail {

  public static final String ID = "mtn-momo";

  private static final Logger log = LoggerFactory.getLogger(MtnMomoRail.class);

  private final ActorSystem<?> system;
  private final MtnMomoSettings settings;
  private final BoundedHttp http;
  private final TokenCache tokens;

  private MtnMomoRail(ActorSystem<?> system, MtnMomoSettings settings) {
    this.system = system;
    this.settings = settings;
    this.http = new BoundedHttp(system);
    this.tokens = new TokenCache(this::fetchToken, System::nanoTime);
  }

  public static MtnMomoRail create(ActorSystem<?> system, MtnMomoSettings settings) {
    return new MtnMomoRail(system, settings);
  }

  /** Settings from {@code symphony.rails.mtn} in the actor system's configuration. */
  public static MtnMomoRail create(ActorSystem<?> system) {
    return create(system, MtnMomoSettings.fromConfig(system.settings().config()));
  }

  @Override
  public String id() {
    return ID;
  }

  public MtnMomoSettings settings() {
    return settings;
  }

  @Override
  public CompletionStage<RailResult> dispatch(RailTransfer transfer) {
    return bounded("dispatch", () -> {
      if (!(transfer.creditor() instanceof Creditor.MobileWallet))
        return done(new RailResult.Declined("UNSUPPORTED_CREDITOR", "MTN MoMo pays mobile wallets only"));
      byte[] body = MtnWire.transferBody(transfer, (Creditor.MobileWallet) transfer.creditor());
      return withToken(token -> http.send(postTransfer(transfer.railKey(), body, token), settings.callTimeout()))
          .thenCompose(reply -> dispatchResult(transfer.railKey(), reply));
    });
  }

  @Override
  public CompletionStage<RailResult> status(RailKey railKey) {
    return bounded("status", () -> queryStatus(railKey));
  }

  private CompletionStage<RailResult> dispatchResult(RailKey railKey, HttpReply reply) {
    switch (reply.status()) {
      case 202:
        return done(new RailResult.InProgress());
      case 409:
        return lookUp(railKey, "409");
      case 400:
        return done(MtnWire.badRequest(reply));
      case 500:
        // MTN answers several refusals with 500 and an ErrorReason code (MtnErrorReason)
        MtnWire.ServerError error = MtnWire.serverError(reply);
        if (error instanceof MtnWire.ServerError.Refused refused) return done(refused.declined());
        if (error instanceof MtnWire.ServerError.AlreadyExists) return lookUp(railKey, "RESOURCE_ALREADY_EXIST");
        return done(((MtnWire.ServerError.AskAgain) error).unknown());
      default:
        return done(MtnWire.unknown("dispatch answered HTTP " + reply.status(), reply));
    }
  }

  /** Already accepted under this key (an earlier attempt): what counts is what became of it. */
  private CompletionStage<RailResult> lookUp(RailKey railKey, String why) {
    return BoundedRailCall.afterTheRailAnswered(queryStatus(railKey))
        .thenApply(
            r -> r instanceof RailResult.NotFound
                ? new RailResult.Unknown(why + " on dispatch but status query found no transfer")
                : r);
  }

  private CompletionStage<RailResult> queryStatus(RailKey railKey) {
    return withToken(token -> http.send(getTransfer(railKey, token), settings.callTimeout()))
        .thenApply(MtnWire::statusResult);
  }

  /** Runs a call with the cached token; on 401 drops that token and tries exactly once more. */
  private CompletionStage<HttpReply> withToken(Function<AccessToken, CompletionStage<HttpReply>> call) {
    return tokens.get()
        .thenCompose(token -> call.apply(token).thenCompose(reply -> {
          if (reply.status() != 401) return done(reply);
          log.info("MTN rejected the access token (401); fetching a new one");
          tokens.invalidate(token);
          return tokens.get().thenCompose(call);
        }));
  }

  private CompletionStage<AccessToken> fetchToken() {
    HttpRequest request =
        HttpRequest.POST(settings.baseUrl() + "/disbursement/token/")
            .addHeader(Authorization.basic(settings.apiUser(), settings.apiKey()))
            .addHeader(RawHeader.create("Ocp-Apim-Subscription-Key", settings.subscriptionKey()));
    return http.send(request, settings.callTimeout()).thenApply(reply -> MtnWire.token(reply, System.nanoTime()));
  }

  private HttpRequest postTransfer(RailKey railKey, byte[] body, AccessToken token) {
    HttpRequest request = authorized(HttpRequest.POST(settings.baseUrl() + "/disbursement/v1_0/transfer"), token)
        .addHeader(RawHeader.create("X-Reference-Id", railKey.value()))
        .withEntity(ContentTypes.APPLICATION_JSON, body);
    // MTN calls back once when the transfer is final; polling stays the safety net.
    return settings.callbackUrl().isEmpty() ? request : request.addHeader(RawHeader.create("X-Callback-Url", settings.callbackUrl()));
  }

  private HttpRequest getTransfer(RailKey railKey, AccessToken token) {
    String reference = URLEncoder.encode(railKey.value(), StandardCharsets.UTF_8);
    return authorized(HttpRequest.GET(settings.baseUrl() + "/disbursement/v1_0/transfer/" + reference), token);
  }

  private HttpRequest authorized(HttpRequest request, AccessToken token) {
    return request
        .addHeader(Authorization.oauth2(token.value()))
        .addHeader(RawHeader.create("X-Target-Environment", settings.targetEnvironment()))
        .addHeader(RawHeader.create("Ocp-Apim-Subscription-Key", settings.subscriptionKey()));
  }

  /** The port's contract: complete within the call timeout, and never fail. */
  private CompletionStage<RailResult> bounded(String operation, Supplier<CompletionStage<RailResult>> call) {
    return BoundedRailCall.within("MTN", operation, settings.callTimeout(), system, call);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
