package dev.dinojvm.engine.serve;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the job store in the data directory can be written. */
@Readiness
@ApplicationScoped
public class JobStoreReadiness implements HealthCheck {

    @Inject
    JobService jobs;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-store").status(jobs.ready())
                .withData("dataDir", String.valueOf(jobs.dataDir())).build();
    }
}
