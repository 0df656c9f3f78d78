package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.serve.JobService;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dino serve}: the training service, until the process is stopped. See docs/serve.md. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the training service: a REST API with a job queue (see docs/serve.md).")
public class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServeOptions options;

    @Mixin
    PluginOptions pluginOptions;

    @Inject
    JobService jobs;

    @Override
    public Integer call() {
        PluginRegistry registry = pluginOptions.loadWarning(spec.commandLine().getErr());
        DjlRuntime.initialise();
        jobs.start(registry);
        System.out.printf("dino serve: listening on http://%s:%d (dashboard /, API /api/v1/jobs, OpenAPI /q/openapi); data in %s; token from %s%n",
                options.host, options.port, jobs.dataDirectory(), jobs.tokenOrigin());
        System.out.flush();
        Quarkus.waitForExit();
        return 0;
    }
}
