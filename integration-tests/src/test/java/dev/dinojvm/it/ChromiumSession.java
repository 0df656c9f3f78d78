package dev.dinojvm.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless chromium driven over the Chrome DevTools protocol (its WebSocket, with the JDK's client):
 * navigate, run script in the page, wait for a condition, take screenshots at a given width. Collects
 * the page's uncaught exceptions and console errors.
 */
final class ChromiumSession implements AutoCloseable {

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private ChromiumSession(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts chromium with a blank page and connects to that page. */
    static ChromiumSession start(Path chromium, Path work) throws Exception {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> command = new ArrayList<>(HeadlessChromium.options(chromium, profile));
        command.addAll(List.of("--remote-debugging-port=0", "about:blank"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(work, "chromium-", ".log").toFile()).start();
        int port = debuggingPort(profile.resolve("DevToolsActivePort"), process);
        HttpClient http = HttpClient.newHttpClient();
        JsonArray targets = JsonParser.parseString(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).getAsJsonArray();
        String page = targets.asList().stream().map(JsonElement::getAsJsonObject).filter(t -> t.get("type").getAsString().equals("page"))
                .findFirst().orElseThrow(() -> new AssertionError("chromium has no page: " + targets)).get("webSocketDebuggerUrl").getAsString();
        Listener listener = new Listener();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), listener).get(30, TimeUnit.SECONDS);
        ChromiumSession session = new ChromiumSession(process, socket);
        listener.session = session;
        session.call("Runtime.enable", new JsonObject());
        session.call("Page.enable", new JsonObject());
        return session;
    }

    private static int debuggingPort(Path activePort, Process process) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.isRegularFile(activePort)) {
                List<String> lines = Files.readAllLines(activePort);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("chromium exited with " + process.exitValue() + " before opening its debugging port");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("chromium did not open its debugging port within 30 s");
    }

    /** Sends a DevTools command and waits for its result. */
    JsonObject call(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(message.toString(), true).get(30, TimeUnit.SECONDS);
        JsonObject response = answer.get(60, TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new AssertionError(method + " failed: " + response.get("error"));
        }
        return response.getAsJsonObject("result");
    }

    /** Loads a URL (the page's script runs on; wait for what it draws with {@link #await}). */
    void navigate(String url) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("url", url);
        call("Page.navigate", params);
    }

    /**
     * Evaluates a script expression in the page, awaiting a promise.
     *
     * @return its value as JSON ({@code null} for undefined)
     */
    JsonElement eval(String expression) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("awaitPromise", true);
        params.addProperty("returnByValue", true);
        JsonObject result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("script failed: " + expression + "\n" + result.get("exceptionDetails"));
        }
        return result.getAsJsonObject("result").get("value");
    }

    /** Polls a boolean expression until it is true; fails after the limit, naming the expression. */
    void await(String condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            JsonElement value = eval("!!(" + condition + ")");
            if (value != null && value.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the page never satisfied: " + condition + "\npage errors: " + errors + "\nbody: "
                + eval("document.body.innerText"));
    }

    /** Makes the viewport {@code width} × {@code height} CSS pixels, as a phone or a desktop window would be. */
    void viewport(int width, int height, boolean mobile) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("width", width);
        params.addProperty("height", height);
        params.addProperty("deviceScaleFactor", 1);
        params.addProperty("mobile", mobile);
        call("Emulation.setDeviceMetricsOverride", params);
    }

    /** Saves a PNG of the page from its top, {@code height} CSS pixels high at the viewport's width. */
    void screenshot(Path file, int height) throws Exception {
        int width = eval("window.innerWidth").getAsInt();
        JsonObject clip = new JsonObject();
        clip.addProperty("x", 0);
        clip.addProperty("y", 0);
        clip.addProperty("width", width);
        clip.addProperty("height", height);
        clip.addProperty("scale", 1);
        JsonObject params = new JsonObject();
        params.addProperty("format", "png");
        params.addProperty("captureBeyondViewport", true);
        params.add("clip", clip);
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(call("Page.captureScreenshot", params).get("data").getAsString()));
    }

    /** @return the page's uncaught exceptions and console errors so far */
    List<String> errors() {
        return List.copyOf(errors);
    }

    private void received(JsonObject message) {
        if (message.has("id")) {
            CompletableFuture<JsonObject> answer = pending.remove(message.get("id").getAsInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        String method = message.get("method").getAsString();
        JsonObject params = message.getAsJsonObject("params");
        if (method.equals("Runtime.exceptionThrown")) {
            errors.add(params.getAsJsonObject("exceptionDetails").toString());
        } else if (method.equals("Runtime.consoleAPICalled") && params.get("type").getAsString().equals("error")) {
            errors.add(params.get("args").toString());
        }
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroyForcibly();
    }

    /** Joins a message's fragments and hands it to the session. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private volatile ChromiumSession session;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonObject message = JsonParser.parseString(text.toString()).getAsJsonObject();
                text.setLength(0);
                session.received(message);
            }
            webSocket.request(1);
            return null;
        }
    }
}
