package dev.dinojvm.engine.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of {@code dino serve}. They configure the HTTP server, which Quarkus starts before
 * any command runs, so {@link DinoMain} reads them before start-up and hands them to Quarkus as
 * system properties; every other command runs with the HTTP server off.
 */
public class ServeOptions {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where jobs, their outputs and the generated token are kept (default: ~/.dino/serve).")
    Path dataDir;

    @Option(names = "--max-concurrent", paramLabel = "N", defaultValue = "1",
            description = "Jobs that train at the same time (default: ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(names = "--max-queue", paramLabel = "N", defaultValue = "100",
            description = "Queued jobs accepted before submissions get 429 (default: ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the API token (default: dino.serve.token / DINO_SERVE_TOKEN, else <data-dir>/token, generated).")
    Path tokenFile;

    /**
     * @param args the whole command line
     * @return the Quarkus and service properties for {@code dino serve}, or none for other commands
     */
    static Map<String, String> systemProperties(String[] args) {
        int serve = List.of(args).indexOf("serve");
        boolean isServe = serve >= 0 && List.of(args).subList(0, serve).stream().allMatch(a -> a.startsWith("-"));
        Map<String, String> properties = new LinkedHashMap<>();
        if (!isServe) {
            return properties;
        }
        ServeOptions options = new ServeOptions();
        CommandLine parser = new CommandLine(options);
        parser.setUnmatchedArgumentsAllowed(true);
        try {
            parser.parseArgs(List.of(args).subList(serve + 1, args.length).toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return properties; // the command itself reports the error
        }
        properties.put("quarkus.http.host-enabled", "true");
        properties.put("quarkus.http.port", String.valueOf(options.port));
        properties.put("quarkus.http.host", options.host);
        properties.put("dino.serve.max-concurrent", String.valueOf(options.maxConcurrent));
        properties.put("dino.serve.max-queue", String.valueOf(options.maxQueue));
        if (options.dataDir != null) {
            properties.put("dino.serve.data-dir", options.dataDir.toAbsolutePath().toString());
        }
        if (options.tokenFile != null) {
            properties.put("dino.serve.token-file", options.tokenFile.toAbsolutePath().toString());
        }
        return properties;
    }
}
