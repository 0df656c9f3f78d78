package dev.dinojvm.engine.serve;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the service has started and the job store in its data directory can be written. The check is
 * open to anyone, so it says nothing more (not where the data directory is).
 */
@Readiness
@ApplicationScoped
public class JobStoreReadiness implements HealthCheck {

    @Inject
    JobService jobs;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-store").status(jobs.ready()).build();
    }
}
