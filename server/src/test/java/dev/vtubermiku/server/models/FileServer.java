package dev.vtubermiku.server.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP file server on a random loopback port, standing in for Hugging Face or a mirror:
 * serves bytes at paths, answers Range requests with 206, and can misbehave on purpose (cut the
 * connection, ignore Range, stall, hold every response until released). Records every request.
 */
public final class FileServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** What one request asked for: the path and its Range header ("" when none). */
    public record Request(String path, String range) {}

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int dropOnceAfter = -1;
    private volatile int stallAfter = -1;
    private final Map<String, Integer> dropAlwaysAfter = new ConcurrentHashMap<>();
    private volatile boolean ignoreRange;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final CountDownLatch closing = new CountDownLatch(1);

    public FileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public FileServer serve(String path, byte[] body) {
        files.put(path, body);
        return this;
    }

    /** Answers {@code from} with 302 to {@code to}, as Hugging Face sends downloads to its CDN. */
    public FileServer redirect(String from, String to) {
        redirects.put(from, to);
        return this;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI url(String path) {
        return URI.create(base() + path);
    }

    /** The next response sends this many body bytes, then closes the connection. */
    public void dropOnceAfter(int bytes) {
        dropOnceAfter = bytes;
    }

    /** Every response for {@code path} sends this many body bytes, then closes the connection: always failing half-way. */
    public void dropAlwaysAfter(String path, int bytes) {
        dropAlwaysAfter.put(path, bytes);
    }

    /** Every response sends this many body bytes, then sends nothing more until the server closes. */
    public void stallAfter(int bytes) {
        stallAfter = bytes;
    }

    /** Answer every request with the whole file and 200, as some servers do. */
    public void ignoreRange() {
        ignoreRange = true;
    }

    /** Responses wait until {@link #release()}. */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    public List<Request> requests(String path) {
        List<Request> matching = new ArrayList<>();
        for (Request r : requests) {
            if (r.path().equals(path)) {
                matching.add(r);
            }
        }
        return matching;
    }

    public int requestCount() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(new Request(path, range == null ? "" : range));
            hold.await(30, TimeUnit.SECONDS);
            String to = redirects.get(path);
            if (to != null) {
                exchange.getResponseHeaders().add("Location", to);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            byte[] body = files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int start = 0;
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches() && !ignoreRange) {
                start = Integer.parseInt(m.group(1));
                if (start >= body.length) {
                    exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, body.length - start);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            int length = body.length - start;
            OutputStream out = exchange.getResponseBody();
            int drop = dropOnceAfter >= 0 ? dropOnceAfter : dropAlwaysAfter.getOrDefault(path, -1);
            if (drop >= 0 && drop < length) {
                dropOnceAfter = -1;
                out.write(body, start, drop);
                out.flush();
                // The JDK server closes the connection when a handler throws: the body stops short.
                throw new IOException("connection cut on purpose after " + drop + " bytes");
            }
            int stall = stallAfter;
            if (stall >= 0 && stall < length) {
                out.write(body, start, stall);
                out.flush();
                closing.await(30, TimeUnit.SECONDS);
                return;
            }
            out.write(body, start, length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
