package dev.vtubermiku.server.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.models.ModelPullException.Reason;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls of real fixture files from a real local HTTP server: resume, verify, errors, deduplication, mirror. */
class ModelLibraryTest {

    private static final String VOICE = "piper/test_voice.onnx";
    private static final String VOICE_JSON = "piper/test_voice.onnx.json";
    private static final String WHISPER = "whisper/for-tests-ggml-tiny.bin";

    @TempDir
    Path dir;

    private FileServer server;
    private final ExecutorService pulls = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<String> installed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FileServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        pulls.shutdownNow();
        timers.shutdownNow();
        pulls.awaitTermination(10, TimeUnit.SECONDS);
    }

    private Path models() {
        return dir.resolve("models");
    }

    private ModelLibrary library(ModelCatalog catalog, int attempts, Optional<URI> mirror) {
        DownloadPolicy policy = new DownloadPolicy(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                attempts, Duration.ofMillis(10), "VtuberMiku/test");
        ModelLibrary library = new ModelLibrary(catalog, this::models, () -> mirror, () -> ModelLibrary.httpClient(policy), policy,
                pulls, timers, Json.newMapper());
        library.onInstalled((entry, files) -> installed.add(entry.name() + " " + files));
        return library;
    }

    private static CatalogFile file(String name, URI url, String fixture) {
        return new CatalogFile(name, url, Fixtures.bytes(fixture).length,
                new Checksum(Checksum.Algorithm.SHA256, Fixtures.sha256(fixture)));
    }

    private ModelEntry voice() {
        server.serve("/voices/test_voice.onnx", Fixtures.bytes(VOICE)).serve("/voices/test_voice.onnx.json", Fixtures.bytes(VOICE_JSON));
        return new ModelEntry("test-voice", ModelKind.PIPER, "the fixture voice", false, "fixtures SHA256SUMS", List.of(
                file("test_voice.onnx", server.url("/voices/test_voice.onnx"), VOICE),
                file("test_voice.onnx.json", server.url("/voices/test_voice.onnx.json"), VOICE_JSON)));
    }

    private ModelEntry whisper() {
        server.serve("/w/ggml-for-tests-tiny.bin", Fixtures.bytes(WHISPER));
        return new ModelEntry("whisper-for-tests-tiny", ModelKind.WHISPER, "the fixture whisper model", false, "fixtures",
                List.of(file("ggml-for-tests-tiny.bin", server.url("/w/ggml-for-tests-tiny.bin"), WHISPER)));
    }

    private static Throwable failure(PullJob job) {
        assertThatThrownBy(() -> job.result().join()).isInstanceOf(CompletionException.class);
        return job.result().handle((ok, e) -> e instanceof CompletionException c ? c.getCause() : e).join();
    }

    private static List<Path> listFiles(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aTwoFileVoiceIsInstalledVerifiedAndAnnounced() throws Exception {
        ModelEntry entry = voice();
        ModelLibrary library = library(new ModelCatalog(List.of(entry)), 1, Optional.empty());
        assertThat(library.status(entry).state()).isEqualTo(ModelStatus.State.MISSING);

        List<Path> files = library.pull(entry).job().result().get(30, TimeUnit.SECONDS);

        Path piper = models().resolve("piper");
        assertThat(files).containsExactly(piper.resolve("test_voice.onnx"), piper.resolve("test_voice.onnx.json"));
        assertThat(Files.readAllBytes(files.get(0))).isEqualTo(Fixtures.bytes(VOICE));
        assertThat(Files.readAllBytes(files.get(1))).isEqualTo(Fixtures.bytes(VOICE_JSON));
        assertThat(listFiles(piper)).containsExactlyElementsOf(files); // no .part left behind
        assertThat(library.status(entry).state()).isEqualTo(ModelStatus.State.VERIFIED);
        assertThat(installed).containsExactly("test-voice " + files);
        assertThat(library.verify(entry)).extracting(ModelLibrary.FileCheck::result)
                .containsOnly(ModelLibrary.FileCheck.Result.OK);
    }

    @Test
    void aCutConnectionKeepsThePartAndTheNextPullResumesWithRange() throws Exception {
        ModelEntry entry = whisper();
        ModelLibrary library = library(new ModelCatalog(List.of(entry)), 1, Optional.empty());
        Path target = models().resolve("whisper/ggml-for-tests-tiny.bin");
        server.dropOnceAfter(200_000);

        Throwable first = failure(library.pull(entry).job());

        assertThat(first).isInstanceOf(ModelPullException.class).hasMessageContaining("broke after");
        assertThat(((ModelPullException) first).reason()).isEqualTo(Reason.CONNECTION);
        assertThat(target).doesNotExist();
        Path part = FileDownload.partOf(target);
        assertThat(Files.size(part)).isBetween(1L, 200_000L);
        long kept = Files.size(part);
        assertThat(library.status(entry).state()).isEqualTo(ModelStatus.State.PARTIAL);
        assertThat(library.status(entry).installedBytes()).isEqualTo(kept);

        library.pull(entry).job().result().get(30, TimeUnit.SECONDS);

        assertThat(server.requests("/w/ggml-for-tests-tiny.bin")).extracting(FileServer.Request::range)
                .containsExactly("", "bytes=" + kept + "-");
        assertThat(Files.readAllBytes(target)).isEqualTo(Fixtures.bytes(WHISPER));
        assertThat(part).doesNotExist();
        assertThat(library.status(entry).state()).isEqualTo(ModelStatus.State.VERIFIED);
    }

    @Test
    void theResumeRangeSurvivesARedirectToACdn() throws Exception {
        byte[] body = Fixtures.bytes(WHISPER);
        server.serve("/cdn/blob", body).redirect("/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin", "/cdn/blob");
        ModelEntry entry = new ModelEntry("whisper-tiny", ModelKind.WHISPER, "", false, "", List.of(new CatalogFile(
                "ggml-tiny.bin", server.url("/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin"), body.length,
                new Checksum(Checksum.Algorithm.SHA256, Fixtures.sha256(WHISPER)))));
        ModelLibrary library = library(new ModelCatalog(List.of(entry)), 1, Optional.empty());
        server.dropOnceAfter(250_000);
        failure(library.pull(entry).job());
        long kept = Files.size(FileDownload.partOf(models().resolve("whisper/ggml-tiny.bin")));

        library.pull(entry).job().result().get(30, TimeUnit.SECONDS);

        assertThat(server.requests("/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin")).extracting(FileServer.Request::range)
                .containsExactly("", "bytes=" + kept + "-");
        assertThat(server.requests("/cdn/blob")).extracting(FileServer.Request::range)
                .containsExactly("", "bytes=" + kept + "-");
        assertThat(Files.readAllBytes(models().resolve("whisper/ggml-tiny.bin"))).isEqualTo(body);
    }

    @Test
    void oneWithRetriesResumesByItself() throws Exception {
        ModelEntry entry = whisper();
        ModelLibrary library = library(new ModelCatalog(List.of(entry)), 3, Optional.empty());
        server.dropOnceAfter(300_000);

        library.pull(entry).job().result().get(30, TimeUnit.SECONDS);

        List<FileServer.Request> requests = server.requests("/w/ggml-for-tests-tiny.bin");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).range()).startsWith("bytes=").isNotEqualTo("bytes=0-");
        assertThat(Files.readAllBytes(models().resolve("whisper/ggml-for-tests-tiny.bin"))).isEqualTo(Fixtures.bytes(WHISPER));
    }

    @Test
    void aServerThatIgnoresRangeMakesTheDownloadStartOver() throws Exception {
        ModelEntry entry = whisper();
        ModelLibrary library = library(new ModelCatalog(List.of(entry)), 1, Optional.empty());
        Path target = models().resolve("whisper/ggml-for-tests-tiny.bin");
        Files.createDirectories(target.getParent());
        byte[] whole = Fixtures.bytes(WHISPER);
        Files.write(FileDownload.partOf(target), java.util.Arrays.copyOf(whole, 1000));
        server.ignoreRange();

        library.pull(entry).job().result().get(30, TimeUnit.SECONDS);

        assertThat(server.requests("/w/ggml-for-tests-tiny.bin")).extracting(FileServer.Request::range)
                .containsExactly("bytes=1000-");
        assertThat(Files.readAllBytes(target)).isEqualTo(whole);
    }

    @Test
    void aChecksumMismatchFailsAndLeavesNothingBehind() throws Exception {
        ModelEntry good = whisper();
        CatalogFile f = good.files().getFirst();
        String wrong = (f.checksum().hex().charAt(0) == '0' ? "1" : "0") + f.checksum().hex().substring(1);
        ModelEntry entry = new ModelEntry(good.name(), good.kind(), good.description(), false, "",
                List.of(new CatalogFile(f.file(), f.url(), f.size(), new Checksum(Checksum.Algorithm.SHA256, wrong))));
        ModelLibrary library = library(new ModelCatalog(List.of(entry)), 3, Optional.empty());

        Throwable error = failure(library.pull(entry).job());

        assertThat(((ModelPullException) error).reason()).isEqualTo(Reason.CHECKSUM);
        assertThat(error).hasMessageContaining("does not match its sha256 checksum " + wrong)
                .hasMessageContaining("deleted");
        assertThat(listFiles(models().resolve("whisper"))).isEmpty();
        assertThat(installed).isEmpty();
        assertThat(server.requests("/w/ggml-for-tests-tiny.bin")).hasSize(1); // a mismatch is not retried
    }

    @Test
    void aMissingFileIsAClearNotFound() throws Exception {
        ModelEntry served = whisper();
        CatalogFile f = served.files().getFirst();
        ModelEntry entry = new ModelEntry("gone", ModelKind.WHISPER, "", false, "",
                List.of(new CatalogFile(f.file(), server.url("/nowhere/ggml.bin"), f.size(), f.checksum())));
        ModelLibrary library = library(new ModelCatalog(List.of(entry)), 3, Optional.empty());

        Throwable error = failure(library.pull(entry).job());

        assertThat(((ModelPullException) error).reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(error).hasMessage(server.url("/nowhere/ggml.bin")
                + " was not found (HTTP 404); check MODEL_MIRROR if it is set, otherwise the file has moved upstream");
        assertThat(listFiles(models().resolve("whisper"))).isEmpty();
        assertThat(server.requests("/nowhere/ggml.bin")).hasSize(1);
    }

    @Test
    void aStalledDownloadTimesOutAndKeepsWhatCame() throws Exception {
        ModelEntry entry = whisper();
        DownloadPolicy policy = new DownloadPolicy(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(300), 1,
                Duration.ofMillis(10), "VtuberMiku/test");
        ModelLibrary library = new ModelLibrary(new ModelCatalog(List.of(entry)), this::models, Optional::empty,
                () -> ModelLibrary.httpClient(policy), policy, pulls, timers, Json.newMapper());
        server.stallAfter(100_000);

        Throwable error = failure(library.pull(entry).job());

        assertThat(((ModelPullException) error).reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(error).hasMessageContaining("sent nothing for");
        Path target = models().resolve("whisper/ggml-for-tests-tiny.bin");
        assertThat(target).doesNotExist();
        assertThat(FileDownload.partOf(target)).exists();
    }

    @Test
    void twoPullsOfOneModelAreOneDownload() throws Exception {
        ModelEntry entry = voice();
        ModelLibrary library = library(new ModelCatalog(List.of(entry)), 1, Optional.empty());
        server.hold();

        List<ModelLibrary.Pull> both = new ArrayList<>();
        Thread other = Thread.ofVirtual().start(() -> both.add(library.pull(entry)));
        ModelLibrary.Pull first = library.pull(entry);
        other.join();
        both.add(first);
        server.release();

        assertThat(both).extracting(ModelLibrary.Pull::job).containsOnly(first.job());
        assertThat(both).extracting(ModelLibrary.Pull::joined).containsExactlyInAnyOrder(true, false);
        first.job().result().get(30, TimeUnit.SECONDS);
        assertThat(server.requests("/voices/test_voice.onnx")).hasSize(1);
        assertThat(server.requests("/voices/test_voice.onnx.json")).hasSize(1);
        assertThat(installed).hasSize(1);

        // Once it is done, a new pull is a new job, which finds the files verified and downloads nothing.
        ModelLibrary.Pull again = library.pull(entry);
        assertThat(again.joined()).isFalse();
        again.job().result().get(30, TimeUnit.SECONDS);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void theMirrorReplacesTheHostAndKeepsThePath() throws Exception {
        byte[] body = Fixtures.bytes(WHISPER);
        server.serve("/mirror/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin", body);
        ModelEntry entry = new ModelEntry("whisper-tiny", ModelKind.WHISPER, "", false, "", List.of(new CatalogFile(
                "ggml-tiny.bin", URI.create("https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin"),
                body.length, new Checksum(Checksum.Algorithm.SHA256, Fixtures.sha256(WHISPER)))));
        ModelLibrary library = library(new ModelCatalog(List.of(entry)), 1, Optional.of(server.url("/mirror/")));

        library.pull(entry).job().result().get(30, TimeUnit.SECONDS);

        assertThat(server.requests("/mirror/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin")).hasSize(1);
        assertThat(Files.readAllBytes(models().resolve("whisper/ggml-tiny.bin"))).isEqualTo(body);
    }

    @Test
    void mirrorUrlsAreTheMirrorBaseAndTheUpstreamPath() {
        URI upstream = URI.create("https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/en/en_US/amy/medium/x.onnx?download=true");
        assertThat(ModelLibrary.source(upstream, Optional.empty())).isEqualTo(upstream);
        assertThat(ModelLibrary.source(upstream, Optional.of(URI.create("http://nas:8080"))))
                .hasToString("http://nas:8080/rhasspy/piper-voices/resolve/v1.0.0/en/en_US/amy/medium/x.onnx?download=true");
        assertThat(ModelLibrary.source(upstream, Optional.of(URI.create("https://hf-mirror.example/base//"))))
                .hasToString("https://hf-mirror.example/base/rhasspy/piper-voices/resolve/v1.0.0/en/en_US/amy/medium/x.onnx?download=true");
    }

    @Test
    void statusAndVerifyTellAWrongFileFromAGoodOne() throws Exception {
        ModelEntry entry = voice();
        ModelLibrary library = library(new ModelCatalog(List.of(entry)), 1, Optional.empty());
        library.pull(entry).job().result().get(30, TimeUnit.SECONDS);
        Path onnx = models().resolve("piper/test_voice.onnx");
        byte[] bytes = Files.readAllBytes(onnx);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(onnx, bytes);
        Files.setLastModifiedTime(onnx, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(onnx).toMillis() + 5000));

        assertThat(library.status(entry).state()).isEqualTo(ModelStatus.State.INSTALLED); // same size, no longer known good
        List<ModelLibrary.FileCheck> checks = library.verify(entry);
        assertThat(checks).extracting(ModelLibrary.FileCheck::result)
                .containsExactly(ModelLibrary.FileCheck.Result.MISMATCH, ModelLibrary.FileCheck.Result.OK);
        assertThat(checks.getFirst().detail()).contains("expected " + Fixtures.sha256(VOICE));

        Files.write(onnx, new byte[10]);
        assertThat(library.status(entry).state()).isEqualTo(ModelStatus.State.CORRUPT);

        // A pull replaces the bad file.
        library.pull(entry).job().result().get(30, TimeUnit.SECONDS);
        assertThat(Files.readAllBytes(onnx)).isEqualTo(Fixtures.bytes(VOICE));
        assertThat(library.status(entry).state()).isEqualTo(ModelStatus.State.VERIFIED);
    }
}
