package dev.dinojvm.engine.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The JSON error of {@code /api} that the HTTP layer would otherwise answer with an empty body, before
 * any REST resource or filter runs: a body over the size limit (413).
 */
@ApplicationScoped
public class ApiRoutes {

    private static final String API = "/api/*";

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "dino.serve.max-request-bytes", defaultValue = "65536")
    long maxRequestBytes;

    void install(@Observes Router router) {
        // Before the HTTP layer's own limit, which answers 413 with no body.
        router.route(API).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseLargeBodies);
    }

    /**
     * @param bytes the size of a request body
     * @param limit the most accepted
     * @return the error for a body over the limit
     */
    static ApiException tooLarge(long bytes, long limit) {
        return new ApiException(413, "the request is " + bytes + " bytes; at most " + limit + " are accepted");
    }

    private void refuseLargeBodies(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long bytes;
        try {
            bytes = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            bytes = -1; // the HTTP layer refuses a malformed length itself
        }
        if (bytes > maxRequestBytes) {
            // The body is not read: the connection cannot carry another request after this answer.
            context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            answer(context, tooLarge(bytes, maxRequestBytes));
        } else {
            context.next();
        }
    }

    private void answer(RoutingContext context, ApiException error) {
        String body;
        try {
            body = mapper.writeValueAsString(error.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error as JSON", e);
        }
        context.response().setStatusCode(error.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
