package dev.dinojvm.engine.serve;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the service has started and the job store in its data directory can be written. */
@Readiness
@ApplicationScoped
public class JobStoreReadiness implements HealthCheck {

    @Inject
    JobService jobs;

    @Override
    public HealthCheckResponse call() {
        boolean ready = jobs.ready();
        return HealthCheckResponse.named("job-store").status(ready)
                .withData("dataDir", String.valueOf(jobs.dataDirIfStarted())).build();
    }
}
