package dev.dinojvm.engine.serve;

import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.util.Messages;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Access control of {@code /api} and the JSON form of every error answer, the framework's own (404,
 * 405, 406, 415, ...) included; a body too large to be read at all is answered by {@link ApiRoutes}.
 */
public class ApiFilters {

    private static final Logger LOG = Logger.getLogger(ApiFilters.class);

    @Inject
    JobService jobs;

    /**
     * Lets a request to {@code /api} through only with the service's bearer token; anything else gets
     * 401 and no data. Runs before matching, so that unknown paths reveal nothing either.
     *
     * @param request the request
     * @return 401, or {@code null} to go on
     */
    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api")) {
            return null;
        }
        try {
            if (jobs.token().accepts(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
                return null;
            }
        } catch (ApiException starting) {
            return refused(starting);
        }
        return json(Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer"),
                ApiError.of("missing or wrong bearer token: send 'Authorization: Bearer <token>'"));
    }

    /**
     * @param e a refused request
     * @return its status with the JSON error
     */
    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return json(Response.status(e.status()), e.body());
    }

    /**
     * @param e settings the engine cannot run with
     * @return 400 listing every problem
     */
    @ServerExceptionMapper
    public Response badSettings(ConfigException e) {
        return refused(new ApiException(400, "the settings are not valid", e.problems().stream()
                .map(p -> new ApiError.Problem(p.key(), p.message())).toList()));
    }

    /**
     * @param e what the framework refused: an unknown path, a method, media type or body it cannot take
     * @param request the request
     * @return the same status (and {@code Allow} header) with the JSON error
     */
    @ServerExceptionMapper
    public Response refusedByTheFramework(WebApplicationException e, ContainerRequestContext request) {
        Response original = e.getResponse();
        Response.ResponseBuilder answer = Response.status(original.getStatus());
        if (!original.getAllowedMethods().isEmpty()) {
            answer.allow(original.getAllowedMethods());
        }
        return json(answer, ApiError.of(explain(e, request)));
    }

    /**
     * @param e a failure no other mapper answers: a bug, logged with its stack trace
     * @return 500 with the JSON error
     */
    @ServerExceptionMapper
    public Response failed(RuntimeException e) {
        LOG.error("unexpected failure of an API request", e);
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return json(Response.status(500), ApiError.of("internal error: " + Messages.oneLine(message)));
    }

    private static String explain(WebApplicationException e, ContainerRequestContext request) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        if (e instanceof NotAllowedException) {
            Set<String> allowed = new TreeSet<>(e.getResponse().getAllowedMethods());
            return method + " is not allowed on " + path
                    + (allowed.isEmpty() ? " (see /q/openapi for the API)" : "; allowed: " + String.join(", ", allowed));
        }
        if (e instanceof NotSupportedException) {
            return "send the settings as application/json, application/yaml or text/plain (key=value lines), not "
                    + quoted(request.getHeaderString(HttpHeaders.CONTENT_TYPE));
        }
        if (e instanceof NotAcceptableException) {
            return "no answer of " + path + " matches " + quoted(request.getHeaderString(HttpHeaders.ACCEPT))
                    + ": the API answers application/json (artifacts application/octet-stream, events text/event-stream)";
        }
        if (e.getResponse().getStatus() == 404) {
            return "no such resource: " + method + " " + path + " (the jobs API is under /api/v1/jobs)";
        }
        return Objects.requireNonNullElse(e.getResponse().getStatusInfo().getReasonPhrase(), "request refused")
                .toLowerCase(java.util.Locale.ROOT);
    }

    private static String quoted(String header) {
        return header == null ? "none" : "'" + header + "'";
    }

    private static Response json(Response.ResponseBuilder answer, ApiError error) {
        return answer.type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }
}
