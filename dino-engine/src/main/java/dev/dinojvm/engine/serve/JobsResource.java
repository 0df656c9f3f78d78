package dev.dinojvm.engine.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The jobs API of {@code dino serve}, under {@code /api/v1/jobs}; every call needs the bearer token. */
@Path("/api/v1/jobs")
@SecurityScheme(securitySchemeName = "token", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "token")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobsResource {

    @Inject
    JobService jobs;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "dino.serve.max-request-bytes", defaultValue = "65536")
    int maxRequestBytes;

    /**
     * Submits a job: the body holds settings as a config file would, dotted or nested: JSON, YAML
     * ({@code application/yaml}) or {@code key=value} lines ({@code text/plain}).
     *
     * @param body the settings
     * @param contentType the body's media type
     * @param uri the request's URI, for the Location header
     * @return 201 with the job
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response submit(@RequestBody(description = "Settings as in a config file, dotted keys and/or nested objects",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    example = "{\"dino.train.epochs\": 2, \"dino\": {\"backbone\": {\"depth\": 4}}}"))) byte[] body,
            @HeaderParam("Content-Type") String contentType, @Context UriInfo uri) {
        if (body.length > maxRequestBytes) {
            throw new ApiException(413, "the request is " + body.length + " bytes; at most " + maxRequestBytes + " are accepted");
        }
        RequestSettings.Parsed request = RequestSettings.parse(new String(body, StandardCharsets.UTF_8), contentType, mapper);
        JobView job = jobs.submit(request.settings(), request.problems());
        return Response.created(uri.getAbsolutePathBuilder().path(job.id()).build()).entity(job).build();
    }

    /** @return every job, oldest first */
    @GET
    public List<JobView> list() {
        return jobs.list();
    }

    /**
     * @param id the job
     * @return the job's state, progress and error
     */
    @GET
    @Path("{id}")
    public JobView get(@PathParam("id") String id) {
        return jobs.job(id).view();
    }

    /**
     * Cancels a job or, with {@code purge=true}, deletes a finished one with its output.
     *
     * @param id the job
     * @param purge whether to delete the finished job rather than cancel it
     * @return the job: CANCELLED when it was queued; still RUNNING, with cancelRequested, until its
     *     next iteration when it was running; 204 and no body when purged
     */
    @DELETE
    @Path("{id}")
    public Response cancel(@PathParam("id") String id, @QueryParam("purge") boolean purge) {
        if (purge) {
            jobs.delete(id);
            return Response.noContent().build();
        }
        return Response.ok(jobs.cancel(id)).build();
    }

    /**
     * @param id the job
     * @return the job's downloadable files
     */
    @GET
    @Path("{id}/artifacts")
    public List<Artifacts.Artifact> artifacts(@PathParam("id") String id) throws IOException {
        return Artifacts.list(jobs.output(jobs.job(id)));
    }

    /**
     * @param id the job
     * @param name an artifact name from the list, e.g. {@code checkpoints/ckpt-000000010/state.json}
     * @return the file's bytes
     */
    @GET
    @Path("{id}/artifacts/{name: .+}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response artifact(@PathParam("id") String id, @PathParam("name") String name) {
        java.nio.file.Path file = Artifacts.resolve(jobs.output(jobs.job(id)), name);
        return Response.ok(file.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"").build();
    }

    /**
     * Streams the job's progress as server-sent events: {@code progress} after each iteration and
     * {@code state} on each change of state; the stream ends after the final state.
     *
     * @param id the job
     * @param sink the client's stream
     * @param sse the event factory
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        new JobEventStream(jobs.job(id), sink, sse, mapper).open();
    }

    /** Writes a body for the event stream. */
    static String json(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
