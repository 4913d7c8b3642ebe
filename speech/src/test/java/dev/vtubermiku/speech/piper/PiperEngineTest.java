package dev.vtubermiku.speech.piper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.UnknownVoiceException;
import dev.vtubermiku.core.speech.VoiceInfo;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.EngineStatus.State;
import dev.vtubermiku.speech.Fixtures;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import dev.vtubermiku.speech.audio.DecodedAudio;
import dev.vtubermiku.speech.audio.WavCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Piper with the fixture voice (a real VITS graph that speaks silence whose length grows with the text). */
class PiperEngineTest {

    @TempDir
    Path dir;

    /** The fixture voice copied under a name of ours into a voices folder of the test's own. */
    Path voices(String name) throws Exception {
        Path model = Fixtures.require("piper/test_voice.onnx");
        Path folder = Files.createDirectories(dir.resolve("piper"));
        Files.copy(model, folder.resolve(name + ".onnx"));
        Files.copy(model.resolveSibling("test_voice.onnx.json"), folder.resolve(name + ".onnx.json"));
        return folder;
    }

    @Test
    void theFixtureVoiceLoadsAndSpeaksLongerForLongerText() throws Exception {
        Path folder = voices("en_US-test-medium");
        List<String> events = new CopyOnWriteArrayList<>();
        try (PiperEngine piper = new PiperEngine(() -> folder, () -> folder.resolve("en_US-test-medium.onnx"), listener(events))) {
            piper.refresh();
            SpokenAudio shortOne = piper.synthesize("Hello.", null).get(60, TimeUnit.SECONDS);
            SpokenAudio longOne = piper.synthesize("Hello there. This is a much longer sentence, with many more words in it.", null)
                    .get(60, TimeUnit.SECONDS);
            assertThat(shortOne.sampleRate()).isEqualTo(22050);
            assertThat(shortOne.samples().length).isGreaterThan(0);
            assertThat(longOne.samples().length).isGreaterThan(shortOne.samples().length);
            assertThat(piper.status().state()).isEqualTo(State.READY);
            assertThat(events).contains("loaded tts en_US-test-medium");

            VoiceInfo voice = piper.voice(null);
            assertThat(voice.name()).isEqualTo("en_US-test-medium");
            assertThat(voice.language()).isEqualTo("en_US");
            assertThat(voice.quality()).isEqualTo("medium");
            assertThat(voice.lengthScale()).isEqualTo(1.0);
            assertThat(voice.isDefault()).isTrue();
        }
    }

    @Test
    void theWavHeaderDescribes16BitMonoAtTheVoiceRate() throws Exception {
        Path folder = voices("en_US-test-medium");
        try (PiperEngine piper = new PiperEngine(() -> folder, () -> folder.resolve("en_US-test-medium.onnx"), EngineListener.NONE)) {
            SpokenAudio audio = piper.synthesize("Testing the header.", null).get(60, TimeUnit.SECONDS);
            byte[] wav = WavCodec.encode(audio);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(b.getInt(4)).isEqualTo(wav.length - 8);
            assertThat(new String(wav, 8, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
            assertThat(b.getShort(20)).isEqualTo((short) 1); // PCM
            assertThat(b.getShort(22)).isEqualTo((short) 1); // mono
            assertThat(b.getInt(24)).isEqualTo(22050);
            assertThat(b.getInt(28)).isEqualTo(22050 * 2);
            assertThat(b.getShort(34)).isEqualTo((short) 16);
            assertThat(b.getInt(40)).isEqualTo(audio.samples().length * 2);
            DecodedAudio back = AudioDecoder.decode(wav, AudioLimits.DEFAULT);
            assertThat(back.frames()).isEqualTo(audio.samples().length);
        }
    }

    @Test
    void sentencesComeBackInOrderEachAsSoonAsItIsMade() throws Exception {
        Path folder = voices("en_US-test-medium");
        try (PiperEngine piper = new PiperEngine(() -> folder, () -> folder.resolve("en_US-test-medium.onnx"), EngineListener.NONE)) {
            List<String> sentences = List.of("One.", "Two. Three.", "Four.");
            List<Integer> order = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            piper.speak(sentences, null, (index, sentence, audio) -> {
                order.add(index);
                lengths.add(audio.samples().length);
            }).get(60, TimeUnit.SECONDS);
            assertThat(order).containsExactly(0, 1, 2);
            assertThat(lengths.get(1)).isGreaterThan(lengths.get(0)); // the fixture speaks about 1.2 s per sentence
        }
    }

    @Test
    void manyThreadsAtOnceAreServedOneAtATimeWithoutCrashing() throws Exception {
        Path folder = voices("en_US-test-medium");
        try (PiperEngine piper = new PiperEngine(() -> folder, () -> folder.resolve("en_US-test-medium.onnx"), EngineListener.NONE)) {
            List<CompletableFuture<SpokenAudio>> all = new ArrayList<>();
            try (var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                List<java.util.concurrent.Future<CompletableFuture<SpokenAudio>>> submitted = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    submitted.add(callers.submit(() -> piper.synthesize("Request number " + n + ".", null)));
                }
                for (var f : submitted) {
                    all.add(f.get());
                }
            }
            for (CompletableFuture<SpokenAudio> f : all) {
                assertThat(f.get(120, TimeUnit.SECONDS).samples()).isNotEmpty();
            }
        }
    }

    @Test
    void unknownVoicesBlankTextAndAMissingDefaultAreClearFailures() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("empty"));
        try (PiperEngine piper = new PiperEngine(() -> folder, () -> folder.resolve("en_US-amy-medium.onnx"), EngineListener.NONE)) {
            piper.refresh();
            assertThat(piper.status().state()).isEqualTo(State.MISSING);
            assertThat(piper.status().fix()).isEqualTo("no Piper voice: run ./vtuber models pull en_US-amy-medium");
            assertThatThrownBy(() -> piper.synthesize("Hi.", null).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(SpeechUnavailableException.class);
            assertThatThrownBy(() -> piper.synthesize("Hi.", "nobody").join()).hasCauseInstanceOf(UnknownVoiceException.class);
            assertThatThrownBy(() -> piper.synthesize("  ", null).join()).hasCauseInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aVoicePulledWhileRunningIsFoundWithoutARestart() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("piper"));
        List<String> events = new CopyOnWriteArrayList<>();
        try (PiperEngine piper = new PiperEngine(() -> folder, () -> folder.resolve("en_US-test-medium.onnx"), listener(events))) {
            piper.refresh();
            assertThat(piper.voices()).isEmpty();
            voices("en_US-test-medium");
            assertThat(piper.synthesize("Now I can speak.", null).get(60, TimeUnit.SECONDS).samples()).isNotEmpty();
            assertThat(piper.voices()).extracting(VoiceInfo::name).containsExactly("en_US-test-medium");
        }
    }

    @Test
    void aMultiSpeakerModelGivesOneVoicePerSpeaker() throws Exception {
        Path folder = voices("en_US-multi-medium");
        Path config = folder.resolve("en_US-multi-medium.onnx.json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
        root.put("num_speakers", 2);
        root.putObject("speaker_id_map").put("alice", 0).put("bob", 1);
        json.writeValue(config.toFile(), root);
        try (PiperEngine piper = new PiperEngine(() -> folder, () -> folder.resolve("none.onnx"), EngineListener.NONE)) {
            piper.refresh();
            assertThat(piper.voices()).extracting(VoiceInfo::name)
                    .containsExactly("en_US-multi-medium#alice", "en_US-multi-medium#bob");
            assertThat(piper.voice("en_US-multi-medium#bob").speaker()).isEqualTo("bob");
        }
    }

    @Test
    void aVoiceThatFailsToLoadIsReportedWithAFix() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("piper"));
        Files.writeString(folder.resolve("en_US-broken-medium.onnx"), "not a model");
        Files.copy(Fixtures.require("piper/test_voice.onnx.json"), folder.resolve("en_US-broken-medium.onnx.json"));
        List<String> events = new CopyOnWriteArrayList<>();
        try (PiperEngine piper = new PiperEngine(() -> folder, () -> folder.resolve("en_US-broken-medium.onnx"), listener(events))) {
            assertThatThrownBy(() -> piper.synthesize("Hi.", null).join()).hasCauseInstanceOf(SpeechUnavailableException.class);
            assertThat(piper.status().state()).isEqualTo(State.FAILED);
            assertThat(piper.status().fix()).contains("./vtuber models pull en_US-broken-medium");
            assertThat(events).anyMatch(e -> e.startsWith("failed tts en_US-broken-medium"));
        }
    }

    static EngineListener listener(List<String> events) {
        return new EngineListener() {
            @Override
            public void loaded(String engine, String model, long millis) {
                events.add("loaded " + engine + " " + model);
            }

            @Override
            public void failed(String engine, String model, String error, String fix) {
                events.add("failed " + engine + " " + model + " " + error);
            }
        };
    }
}
