package dev.dinojvm.engine.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads a server-sent event stream, written here because the test needs only event names and data. */
final class SseClient {

    /** One event: its name and data. */
    record Event(String name, String data) {}

    private SseClient() {}

    /**
     * Reads events until one matches {@code last} or the stream ends.
     *
     * @param uri the stream
     * @param token the bearer token
     * @param last the event after which to stop
     * @return the events read, {@code last} included
     */
    static List<Event> read(URI uri, String token, Predicate<Event> last) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(3)).build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new AssertionError("event stream answered " + response.statusCode());
        }
        List<Event> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (Iterator<String> it = lines.iterator(); it.hasNext();) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        Event event = new Event(name, data.toString());
                        events.add(event);
                        if (last.test(event)) {
                            return events;
                        }
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        }
        return events;
    }
}
