package dev.dinojvm.engine.serve;

import dev.dinojvm.engine.config.ConfigException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Access control of {@code /api} and the JSON form of every error answer. */
public class ApiFilters {

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
            if (jobs.token().accepts(request.getHeaderString("Authorization"))) {
                return null;
            }
        } catch (ApiException starting) {
            return refused(starting);
        }
        return Response.status(401).header("WWW-Authenticate", "Bearer").type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("missing or wrong bearer token: send 'Authorization: Bearer <token>'",
                        java.util.List.of())).build();
    }

    /**
     * @param e a refused request
     * @return its status with the JSON error
     */
    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body()).build();
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
}
