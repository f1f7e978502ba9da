package org.symphony.edge.problem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.RequestEntityExpectedRejection;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * Turns every rejection into problem+json: the common ones with their own codes, and whatever pekko's
 * default handler answers (as text) re-rendered as a problem with a code derived from its status.
 */
public final class ProblemRejectionHandler {

  private ProblemRejectionHandler() {}

  public static RejectionHandler create() {
    RejectionHandler ours =
        RejectionHandler.newBuilder()
            .handleAll(MethodRejection.class, ProblemRejectionHandler::methodNotAllowed)
            .handleAll(
                UnsupportedRequestContentTypeRejection.class,
                rejections ->
                    Problems.complete(
                        Problem.of(
                            ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                            "supported content types: " + supportedTypes(rejections))))
            .handle(
                MalformedRequestContentRejection.class,
                rejection ->
                    rejection.getCause() instanceof EntityStreamSizeException
                        ? Problems.complete(Problem.of(ProblemCode.BODY_TOO_LARGE, "the request body is too large"))
                        : Problems.complete(Problem.of(ProblemCode.MALFORMED_JSON, "the request body is malformed")))
            .handle(
                RequestEntityExpectedRejection.class,
                rejection ->
                    Problems.complete(Problem.of(ProblemCode.MALFORMED_JSON, "a request body is required")))
            .handleNotFound(
                Problems.complete(Problem.of(ProblemCode.NOT_FOUND, "no resource at this path")))
            .build();
    return ours.withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(ProblemRejectionHandler::asProblem);
  }

  private static org.apache.pekko.http.javadsl.server.Route methodNotAllowed(List<MethodRejection> rejections) {
    Set<HttpMethod> allowed = new LinkedHashSet<>();
    for (MethodRejection r : rejections) allowed.add(r.supported());
    String names = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
    return Problems.complete(
        Problem.of(ProblemCode.METHOD_NOT_ALLOWED, "allowed methods: " + names),
        Allow.create(allowed.toArray(HttpMethod[]::new)));
  }

  private static String supportedTypes(List<UnsupportedRequestContentTypeRejection> rejections) {
    return rejections.stream()
        .flatMap(r -> r.getSupported().stream())
        .map(Object::toString)
        .distinct()
        .collect(Collectors.joining(", "));
  }

  /** pekko's defaults answer text/plain; keep their status and headers, replace the body. */
  static HttpResponse asProblem(HttpResponse response) {
    if (ProblemJson.isProblem(response.entity().getContentType())) return response;
    int status = response.status().intValue();
    if (status < 400) return response;
    String detail =
        response.entity() instanceof HttpEntity.Strict strict ? strict.getData().utf8String() : null;
    List<HttpHeader> headers = new ArrayList<>();
    response.getHeaders().forEach(headers::add);
    return ProblemJson.response(
        Problem.of(ProblemCode.forStatus(status), status, detail), null, null, headers);
  }
}
