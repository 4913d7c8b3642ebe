package dev.vtubermiku.server.models;

import dev.vtubermiku.server.models.ModelPullException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one file into {@code <target>.part}, resuming what is there with an HTTP Range request,
 * hashing while it streams, and renames it to the target only when size and checksum match. A
 * file that fails its checksum is deleted; a download cut short keeps its .part for the next try.
 */
final class FileDownload {

    private static final Logger log = LoggerFactory.getLogger(FileDownload.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER = 128 * 1024;

    /** Told the position in the file after each write, and how many bytes came over the network. */
    interface Progress {
        void at(long position, long transferred);
    }

    private final Supplier<HttpClient> http;
    private final DownloadPolicy policy;
    private final ScheduledExecutorService timers;

    FileDownload(Supplier<HttpClient> http, DownloadPolicy policy, ScheduledExecutorService timers) {
        this.http = http;
        this.policy = policy;
        this.timers = timers;
    }

    static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    void fetch(CatalogFile file, URI source, Path target, Progress progress) throws ModelPullException {
        Path part = partOf(target);
        boolean matches;
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new ModelPullException(Reason.IO, "cannot create " + target.getParent() + ": " + e.getMessage(), e);
        }
        try (RandomAccessFile raf = new RandomAccessFile(part.toFile(), "rw")) {
            FileLock lock = lock(raf, target, part);
            try {
                matches = transfer(file, source, raf, part, progress);
            } catch (ModelPullException e) {
                if (e.reason() == Reason.SIZE || e.reason() == Reason.CHECKSUM || raf.length() == 0) {
                    discard(raf, part);
                }
                throw e;
            } finally {
                lock.release();
            }
            if (!matches) {
                discard(raf, part);
            }
        } catch (IOException e) {
            throw new ModelPullException(diskFull(e) ? Reason.DISK_FULL : Reason.IO,
                    "cannot write " + part + ": " + e.getMessage(), e);
        }
        if (!matches) {
            throw new ModelPullException(Reason.CHECKSUM, target.getFileName() + " from " + source
                    + " does not match its " + file.checksum().algorithm().wire() + " checksum " + file.checksum().hex()
                    + "; the download was deleted. Run the pull again; if it fails the same way, the file changed upstream"
                    + " or MODEL_MIRROR serves a different file.");
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ModelPullException(Reason.IO, "cannot rename " + part + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static FileLock lock(RandomAccessFile raf, Path target, Path part) throws IOException, ModelPullException {
        FileLock lock;
        try {
            lock = raf.getChannel().tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new ModelPullException(Reason.BUSY, "another download of " + target.getFileName()
                    + " is running (it holds " + part + "); wait for it to finish");
        }
        return lock;
    }

    /** Deleted while still open and locked, so no other process starts on a file about to vanish. */
    private static void discard(RandomAccessFile raf, Path part) throws IOException {
        raf.setLength(0);
        Files.deleteIfExists(part);
    }

    /** Returns whether the complete file matches its checksum. */
    private boolean transfer(CatalogFile file, URI source, RandomAccessFile raf, Path part, Progress progress)
            throws IOException, ModelPullException {
        if (raf.length() > file.size()) {
            raf.setLength(0);
        }
        MessageDigest digest = file.checksum().algorithm().newDigest();
        hashPrefix(raf, digest);
        progress.at(raf.length(), 0);
        ensureSpace(part, file.size() - raf.length());
        int attempt = 1;
        while (raf.length() < file.size()) {
            try {
                attempt(file, source, raf, digest, progress);
            } catch (ModelPullException e) {
                if (!e.retryable() || attempt >= policy.attempts()) {
                    throw e;
                }
                attempt++;
                log.warn("{}; trying again ({} of {}), resuming at {} bytes", e.getMessage(), attempt, policy.attempts(),
                        raf.length());
                pause();
            }
        }
        return file.checksum().matches(digest.digest());
    }

    private void pause() throws ModelPullException {
        try {
            Thread.sleep(policy.retryDelay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelPullException(Reason.CANCELLED, "the pull was cancelled", e);
        }
    }

    private static void hashPrefix(RandomAccessFile raf, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[BUFFER];
        raf.seek(0);
        long left = raf.length();
        while (left > 0) {
            int n = raf.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                break;
            }
            digest.update(buffer, 0, n);
            left -= n;
        }
    }

    private static void ensureSpace(Path part, long needed) throws IOException, ModelPullException {
        long usable = Files.getFileStore(part).getUsableSpace();
        if (usable < needed) {
            throw new ModelPullException(Reason.DISK_FULL, "not enough disk space for " + part.getFileName() + ": "
                    + Bytes.format(needed) + " needed, " + Bytes.format(usable) + " free in " + part.getParent());
        }
    }

    private static boolean diskFull(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("no space left") || message.contains("not enough space") || message.contains("disk quota");
    }

    /** One HTTP request: appends what it receives; throws when the body ends before the file does. */
    private void attempt(CatalogFile file, URI source, RandomAccessFile raf, MessageDigest digest, Progress progress)
            throws IOException, ModelPullException {
        long have = raf.length();
        HttpRequest.Builder request = HttpRequest.newBuilder(source)
                .timeout(policy.responseTimeout())
                .header("User-Agent", policy.userAgent())
                .GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = send(request.build(), source);
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            switch (status) {
                case 206 -> {
                    long start = rangeStart(response, file, source);
                    if (start != have) {
                        restart(raf, digest, progress);
                        throw new ModelPullException(Reason.SERVER,
                                source.getHost() + " sent bytes from " + start + " when asked from " + have + "; starting over");
                    }
                }
                case 200 -> {
                    if (have > 0) {
                        // The server ignored the Range header: what comes is the whole file.
                        log.info("{} ignored the resume request; downloading {} from the start", source.getHost(), file.file());
                        restart(raf, digest, progress);
                        have = 0;
                    }
                    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    if (length >= 0 && length != file.size()) {
                        throw new ModelPullException(Reason.SIZE, source + " is " + length + " bytes, the catalog says "
                                + file.size() + "; the file changed upstream or MODEL_MIRROR serves a different one");
                    }
                }
                case 416 -> {
                    restart(raf, digest, progress);
                    throw new ModelPullException(Reason.SERVER, source.getHost() + " refused to resume at " + have
                            + " bytes; starting over");
                }
                case 404, 410 -> throw new ModelPullException(Reason.NOT_FOUND, source + " was not found (HTTP " + status
                        + "); check MODEL_MIRROR if it is set, otherwise the file has moved upstream");
                default -> {
                    Reason reason = status == 408 || status == 429 || status >= 500 ? Reason.SERVER : Reason.HTTP;
                    throw new ModelPullException(reason, source + " answered HTTP " + status);
                }
            }
            stream(body, file, source, raf, digest, progress, have);
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request, URI source) throws ModelPullException {
        try {
            return http.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new ModelPullException(Reason.TIMEOUT, "could not connect to " + source.getHost() + " within "
                    + policy.connectTimeout().toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new ModelPullException(Reason.TIMEOUT, source.getHost() + " did not answer within "
                    + policy.responseTimeout().toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new ModelPullException(Reason.CONNECTION, "cannot connect to " + hostAndPort(source)
                    + " (is the network up? is MODEL_MIRROR right?)", e);
        } catch (IOException e) {
            throw new ModelPullException(Reason.CONNECTION, "request to " + source.getHost() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelPullException(Reason.CANCELLED, "the pull was cancelled", e);
        }
    }

    private static String hostAndPort(URI uri) {
        return uri.getPort() < 0 ? String.valueOf(uri.getHost()) : uri.getHost() + ":" + uri.getPort();
    }

    private static long rangeStart(HttpResponse<?> response, CatalogFile file, URI source) throws ModelPullException {
        String range = response.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(range);
        if (!m.matches()) {
            throw new ModelPullException(Reason.SERVER, source.getHost() + " answered 206 without a usable Content-Range ('"
                    + range + "')");
        }
        if (!m.group(3).equals("*") && Long.parseLong(m.group(3)) != file.size()) {
            throw new ModelPullException(Reason.SIZE, source + " is " + m.group(3) + " bytes, the catalog says "
                    + file.size() + "; the file changed upstream or MODEL_MIRROR serves a different one");
        }
        return Long.parseLong(m.group(1));
    }

    private static void restart(RandomAccessFile raf, MessageDigest digest, Progress progress) throws IOException {
        raf.setLength(0);
        digest.reset();
        progress.at(0, 0);
    }

    /**
     * Copies the body to the end of the .part file. A watchdog interrupts the read when no byte
     * came for the idle timeout: java.net.http has no read timeout once the headers are in.
     */
    private void stream(InputStream body, CatalogFile file, URI source, RandomAccessFile raf, MessageDigest digest,
            Progress progress, long start) throws IOException, ModelPullException {
        Thread reader = Thread.currentThread();
        AtomicLong lastRead = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long idle = policy.idleTimeout().toNanos();
        long period = Math.max(10, policy.idleTimeout().toMillis() / 4);
        ScheduledFuture<?> watchdog = timers.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastRead.get() > idle && stalled.compareAndSet(false, true)) {
                reader.interrupt();
            }
        }, period, period, TimeUnit.MILLISECONDS);
        long have = start;
        byte[] buffer = new byte[BUFFER];
        raf.seek(have);
        try {
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    if (stalled.get()) {
                        throw new ModelPullException(Reason.TIMEOUT, source.getHost() + " sent nothing for "
                                + policy.idleTimeout().toSeconds() + " s after " + have + " of " + file.size() + " bytes", e);
                    }
                    if (reader.isInterrupted()) {
                        throw new ModelPullException(Reason.CANCELLED, "the pull was cancelled", e);
                    }
                    throw new ModelPullException(Reason.CONNECTION, "the connection to " + source.getHost()
                            + " broke after " + have + " of " + file.size() + " bytes (" + e.getMessage() + ")", e);
                }
                if (n < 0) {
                    break;
                }
                lastRead.set(System.nanoTime());
                if (have + n > file.size()) {
                    throw new ModelPullException(Reason.SIZE, source + " sent more than the catalog's " + file.size()
                            + " bytes; the file changed upstream or MODEL_MIRROR serves a different one");
                }
                raf.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                have += n;
                progress.at(have, n);
            }
        } finally {
            watchdog.cancel(false);
            if (stalled.get()) {
                Thread.interrupted(); // our own watchdog's interrupt, not a cancellation
            }
        }
        if (have < file.size()) {
            throw new ModelPullException(Reason.CONNECTION, "the connection to " + source.getHost() + " closed after "
                    + have + " of " + file.size() + " bytes");
        }
    }

    /** Hex digest of a whole file, reporting progress as it reads. */
    static String hash(Path file, Checksum.Algorithm algorithm, Progress progress) throws IOException {
        MessageDigest digest = algorithm.newDigest();
        byte[] buffer = new byte[BUFFER];
        long done = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
                done += n;
                progress.at(done, 0);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
