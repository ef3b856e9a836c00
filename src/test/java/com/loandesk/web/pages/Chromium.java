package com.loandesk.web.pages;

import com.loandesk.testsupport.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code chromium}) driven over the Chrome DevTools Protocol on a WebSocket, with
 * Vert.x's own client: one page, real mouse clicks at an element's centre ({@code Input.dispatchMouseEvent}), real
 * typing ({@code Input.insertText}), and script only to read the page. Methods block the test thread.
 * <p>
 * JavaScript errors, failed loads and Content-Security-Policy violations of the page are collected in
 * {@link #problems()}.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Duration STEP = Duration.ofSeconds(15);

    private final Process process;
    private final Path profile;
    private final WebSocketClient wsClient;
    private final WebSocket ws;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    /** "status url" of every response the page got, as the network layer saw it (opaque no-cors answers too). */
    private final List<String> responses = new CopyOnWriteArrayList<>();

    private Chromium(Process process, Path profile, WebSocketClient wsClient, WebSocket ws) {
        this.process = process;
        this.profile = profile;
        this.wsClient = wsClient;
        this.ws = ws;
    }

    /** Starts Chromium and attaches to its first page; fails with what to install when it cannot. */
    static Chromium launch(Vertx vertx) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: the page tests need Debian's chromium package "
                    + "(apt-get install chromium; .ci/run installs it when it is missing)");
        }
        Path profile = Files.createTempDirectory("loandesk-chromium-");
        Path log = profile.resolve("chromium.log");
        Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio", "--window-size=1280,900",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        try {
            Await.until("headless Chromium's DevTools port", Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("headless Chromium exited (" + p.exitValue() + "):\n" + tail(log));
                }
                return devToolsPortWritten(portFile);
            }, () -> "its log:\n" + tail(log));
        } catch (AssertionError e) {
            kill(p);
            throw e;
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        WebClient http = WebClient.create(vertx);
        String pageWs;
        try {
            JsonArray targets = Await.result(http.get(port, "127.0.0.1", "/json/list").send()).bodyAsJsonArray();
            pageWs = targets.stream().map(JsonObject.class::cast).filter(t -> "page".equals(t.getString("type")))
                    .map(t -> t.getString("webSocketDebuggerUrl")).findFirst()
                    .orElseThrow(() -> new AssertionError("Chromium has no page target: " + targets));
        } finally {
            http.close();
        }
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
        URI uri = URI.create(pageWs);
        WebSocket ws = Await.result(client.connect(new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getPath())));
        Chromium c = new Chromium(p, profile, client, ws);
        ws.textMessageHandler(c::onMessage);
        c.send("Page.enable", new JsonObject());
        c.send("Runtime.enable", new JsonObject());
        c.send("Log.enable", new JsonObject());
        c.send("Network.enable", new JsonObject());
        c.send("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 1280).put("height", 900)
                .put("deviceScaleFactor", 1).put("mobile", false));
        return c;
    }

    private void onMessage(String text) {
        JsonObject m = new JsonObject(text);
        Long id = m.getLong("id");
        if (id != null) {
            Promise<JsonObject> p = pending.remove(id);
            if (p != null) {
                if (m.containsKey("error")) {
                    p.fail(new AssertionError("CDP error: " + m.getJsonObject("error").encode()));
                } else {
                    p.complete(m.getJsonObject("result", new JsonObject()));
                }
            }
            return;
        }
        String method = m.getString("method", "");
        JsonObject params = m.getJsonObject("params", new JsonObject());
        switch (method) {
            case "Network.responseReceived" -> {
                JsonObject response = params.getJsonObject("response");
                responses.add(response.getInteger("status") + " " + response.getString("url"));
            }
            case "Runtime.exceptionThrown" -> problems.add("exception: " + params.getJsonObject("exceptionDetails").encode());
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.getString("type"))) {
                    problems.add("console.error: " + params.getJsonArray("args").encode());
                }
            }
            case "Log.entryAdded" -> {
                JsonObject e = params.getJsonObject("entry");
                // a 4xx the page handles (e.g. a refused call) is logged by the network layer; everything else counts
                boolean network = "network".equals(e.getString("source"));
                if ("error".equals(e.getString("level")) && !network) {
                    problems.add(e.getString("source") + ": " + e.getString("text"));
                }
            }
            default -> {
            }
        }
    }

    /** Sends one CDP command and waits for its result. */
    JsonObject send(String method, JsonObject params) {
        long id = ids.incrementAndGet();
        Promise<JsonObject> p = Promise.promise();
        pending.put(id, p);
        ws.writeTextMessage(new JsonObject().put("id", id).put("method", method).put("params", params).encode());
        return Await.result(p.future());
    }

    /** Loads {@code url} and waits until the document is complete. */
    void open(String url) {
        send("Page.navigate", new JsonObject().put("url", url));
        waitFor("the page " + url + " to load", "document.readyState === 'complete' && location.href !== 'about:blank'");
    }

    /** The value of a JavaScript expression (awaited when a promise), as JSON-able data. */
    Object eval(String expression) {
        JsonObject r = send("Runtime.evaluate", new JsonObject().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true));
        if (r.containsKey("exceptionDetails")) {
            throw new AssertionError("script failed: " + expression + "\n" + r.getJsonObject("exceptionDetails").encode());
        }
        return r.getJsonObject("result").getValue("value");
    }

    String text(String css) {
        waitFor(css + " to be present", "document.querySelector(" + js(css) + ") !== null");
        return (String) eval("document.querySelector(" + js(css) + ").textContent");
    }

    long count(String css) {
        return ((Number) eval("document.querySelectorAll(" + js(css) + ").length")).longValue();
    }

    /** Waits until the JavaScript condition is true; on time-out fails with the page's text and a screenshot. */
    void waitFor(String what, String condition) {
        waitFor(what, condition, STEP);
    }

    void waitFor(String what, String condition, Duration timeout) {
        String expression = "(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()";
        Await.until(what, timeout, Duration.ofMillis(50), () -> Boolean.TRUE.equals(evalWhileNavigating(expression)), () -> {
            Path shot = screenshot("timeout");
            Object body = eval("document.body ? document.body.innerText : ''");
            Object why = eval("(() => { try { return String(" + condition + "); } catch (e) { return 'throws ' + e; } })()");
            return "on " + eval("location.href") + " (condition: " + why + "; screenshot " + shot + ")\npage text:\n" + body
                    + "\nproblems: " + problems;
        });
    }

    /**
     * {@link #eval}, except that an evaluation cut short by a navigation (the page redirecting itself, e.g. to the
     * login page) answers null, to be tried again, instead of failing.
     */
    private Object evalWhileNavigating(String expression) {
        try {
            return eval(expression);
        } catch (AssertionError e) {
            String m = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : e.getCause().getMessage());
            if (m.contains("Inspected target navigated or closed") || m.contains("Cannot find context with specified id")
                    || m.contains("Execution context was destroyed")) {
                return null;
            }
            throw e;
        }
    }

    /** Clicks the element like a person: scrolled into view, mouse pressed and released at its centre. */
    void click(String css) {
        waitFor(css + " to be visible and enabled", "(() => { const e = document.querySelector(" + js(css) + "); "
                + "if (!e || e.disabled) return false; const r = e.getBoundingClientRect(); "
                + "return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })()");
        JsonObject box = (JsonObject) (eval("(() => { const e = document.querySelector(" + js(css) + "); "
                + "e.scrollIntoView({block: 'center', inline: 'center'}); const r = e.getBoundingClientRect(); "
                + "return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()"));
        double x = box.getDouble("x");
        double y = box.getDouble("y");
        send("Input.dispatchMouseEvent", new JsonObject().put("type", "mouseMoved").put("x", x).put("y", y));
        send("Input.dispatchMouseEvent", new JsonObject().put("type", "mousePressed").put("x", x).put("y", y)
                .put("button", "left").put("clickCount", 1));
        send("Input.dispatchMouseEvent", new JsonObject().put("type", "mouseReleased").put("x", x).put("y", y)
                .put("button", "left").put("clickCount", 1));
    }

    /**
     * Opens {@code base + page}, logs in through the login page it sends to (typing, clicking), and waits until
     * {@code page} shows the user.
     */
    void logIn(String base, String page, String username, String password) {
        open(base + page);
        waitFor("the login page", "location.pathname === '/app/login.html'");
        type("#username", username);
        type("#password", password);
        click("#login-submit");
        waitFor("the page after login", "location.pathname === " + js(page)
                + " && document.querySelector('#who') && document.querySelector('#who').textContent.startsWith(" + js(username) + ")");
    }

    /** Moves the keyboard's focus to {@code css} and presses Enter, as a person working without a mouse does. */
    void focusAndPressEnter(String css) {
        waitFor(css + " to be present", "document.querySelector(" + js(css) + ") !== null");
        eval("document.querySelector(" + js(css) + ").focus()");
        for (String type : new String[] {"keyDown", "keyUp"}) {
            send("Input.dispatchKeyEvent", new JsonObject().put("type", type).put("key", "Enter").put("code", "Enter")
                    .put("windowsVirtualKeyCode", 13));
        }
    }

    /** Presses letter key {@code letter} (a to z) with nothing focused, as a page's keyboard shortcut is used. */
    void pressLetter(char letter) {
        eval("document.activeElement && document.activeElement.blur()");
        String key = String.valueOf(Character.toLowerCase(letter));
        for (String type : new String[] {"keyDown", "keyUp"}) {
            send("Input.dispatchKeyEvent", new JsonObject().put("type", type).put("key", key).put("text", key)
                    .put("code", "Key" + key.toUpperCase(java.util.Locale.ROOT))
                    .put("windowsVirtualKeyCode", (int) Character.toUpperCase(letter)));
        }
    }

    /**
     * Puts file {@code path} in the file input {@code css}, as a person picking it in the browser's file dialog does
     * (the dialog is not part of the page); the browser fires the input's input and change events.
     */
    void chooseFile(String css, java.nio.file.Path path) {
        waitFor(css + " to be present", "document.querySelector(" + js(css) + ") !== null");
        long root = send("DOM.getDocument", new JsonObject().put("depth", 0)).getJsonObject("root").getLong("nodeId");
        long node = send("DOM.querySelector", new JsonObject().put("nodeId", root).put("selector", css)).getLong("nodeId");
        send("DOM.setFileInputFiles", new JsonObject().put("files", new io.vertx.core.json.JsonArray().add(path.toAbsolutePath().toString()))
                .put("nodeId", node));
    }

    /** Clicks into a text field, clears it and types {@code text}. */
    void type(String css, String text) {
        click(css);
        eval("(() => { const e = document.querySelector(" + js(css) + "); e.select ? e.select() : null; })()");
        send("Input.dispatchKeyEvent", new JsonObject().put("type", "keyDown").put("key", "Backspace").put("code", "Backspace")
                .put("windowsVirtualKeyCode", 8));
        send("Input.dispatchKeyEvent", new JsonObject().put("type", "keyUp").put("key", "Backspace").put("code", "Backspace")
                .put("windowsVirtualKeyCode", 8));
        send("Input.insertText", new JsonObject().put("text", text));
    }

    /**
     * Picks a value in a select, or sets a date/time input: the browser's own pickers are not part of the page, so the
     * value is set as the picker would and the same input and change events are fired.
     */
    void choose(String css, String value) {
        waitFor(css + " to be present", "document.querySelector(" + js(css) + ") !== null");
        eval("(() => { const e = document.querySelector(" + js(css) + "); e.focus(); e.value = " + js(value) + "; "
                + "if (e.value !== " + js(value) + ") throw new Error('no option ' + " + js(value) + "); "
                + "e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    void clearCookies() {
        send("Network.clearBrowserCookies", new JsonObject());
    }

    /** Forgets what pages of {@code origin} kept in the browser (local storage: the last language chosen, say). */
    void clearStorage(String origin) {
        send("Storage.clearDataForOrigin", new JsonObject().put("origin", origin).put("storageTypes", "local_storage"));
    }

    /** The statuses of the responses whose URL is {@code url}, in the order they came. */
    List<Integer> statusesOf(String url) {
        return responses.stream().filter(r -> r.endsWith(" " + url)).map(r -> Integer.parseInt(r.substring(0, r.indexOf(' ')))).toList();
    }

    /** Every response the page got, "status url". */
    List<String> responses() {
        return List.copyOf(responses);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** A PNG of the page under target/chromium/, for a failure's report or a look by a person. */
    Path screenshot(String name) {
        try {
            JsonObject r = send("Page.captureScreenshot", new JsonObject().put("format", "png"));
            Path dir = Path.of("target", "chromium");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode(r.getString("data")));
            return file.toAbsolutePath();
        } catch (IOException | RuntimeException | AssertionError e) {
            return null;
        }
    }

    private static boolean devToolsPortWritten(Path portFile) {
        try {
            return Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2;
        } catch (IOException e) {
            return false; // being written
        }
    }

    private static String tail(Path log) {
        try {
            String out = Files.exists(log) ? Files.readString(log) : "";
            return out.substring(Math.max(0, out.length() - 3000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static String js(String s) {
        return Json.encode(s);
    }


    @Override
    public void close() {
        try {
            ws.close();
            Await.result(wsClient.close());
        } catch (RuntimeException | AssertionError ignored) {
            // the browser goes anyway
        }
        kill(process);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    private static void kill(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        p.destroy();
        all.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(ProcessHandle::destroyForcibly);
    }
}
