package dev.vtubermiku.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The chat, error and clip events were published as maps before they had records. Each case here
 * builds the map exactly as its producer did (same keys, order, nulls and Java number types), and
 * proves the record gives the same data, the same wire JSON byte for byte, and decodes back from it.
 */
class TypedEventShapesTest {

    private static final ObjectMapper JSON = Json.newMapper();

    @Test
    void chatMessageOfTheStreamerAndOfAViewer() throws Exception {
        Map<String, @Nullable Object> streamer = turn("t1", 2L, "Miku");
        streamer.put("text", "hi there");
        streamer.put("speak", true);
        streamer.put("origin", "http");
        same(new ChatMessage("t1", 2, "Miku", "hi there", true, "http", null), streamer,
                "{\"turn_id\":\"t1\",\"character_id\":2,\"character_name\":\"Miku\",\"text\":\"hi there\",\"speak\":true,"
                        + "\"origin\":\"http\"}");

        Map<String, @Nullable Object> viewer = turn("t2", 2L, "Miku");
        viewer.put("text", "hello");
        viewer.put("speak", false);
        viewer.put("origin", "twitch");
        viewer.put("viewer", "Ann");
        same(new ChatMessage("t2", 2, "Miku", "hello", false, "twitch", "Ann"), viewer,
                "{\"turn_id\":\"t2\",\"character_id\":2,\"character_name\":\"Miku\",\"text\":\"hello\",\"speak\":false,"
                        + "\"origin\":\"twitch\",\"viewer\":\"Ann\"}");
    }

    @Test
    void chatToken() throws Exception {
        Map<String, @Nullable Object> old = turn("t1", 2L, "Miku");
        old.put("index", 0);
        old.put("text", "Hel");
        same(new ChatToken("t1", 2, "Miku", 0, "Hel"), old,
                "{\"turn_id\":\"t1\",\"character_id\":2,\"character_name\":\"Miku\",\"index\":0,\"text\":\"Hel\"}");
    }

    @Test
    void chatResponseKeepsANullAudioUrlAndLeavesOutAMissingAudioError() throws Exception {
        same(new ChatReplied("t1", 2, "Miku", 7, "Hello!", "joy", null, null, 120, -1, 3, 0),
                oldChatResponse("t1", 7L, "Hello!", "joy", null, null, 120L, -1L, 3, 0),
                "{\"turn_id\":\"t1\",\"character_id\":2,\"character_name\":\"Miku\",\"chat_log_id\":7,\"text\":\"Hello!\","
                        + "\"emotion\":\"joy\",\"audio_url\":null,\"latency_ms\":120,\"first_token_ms\":-1,\"history_used\":3,"
                        + "\"memories_recalled\":0}");
        same(new ChatReplied("t2", 2, "Miku", 8, "Hi.", "neutral", null, "no voice", 90, 12, 0, 1),
                oldChatResponse("t2", 8L, "Hi.", "neutral", null, "no voice", 90L, 12L, 0, 1),
                "{\"turn_id\":\"t2\",\"character_id\":2,\"character_name\":\"Miku\",\"chat_log_id\":8,\"text\":\"Hi.\","
                        + "\"emotion\":\"neutral\",\"audio_url\":null,\"audio_error\":\"no voice\",\"latency_ms\":90,"
                        + "\"first_token_ms\":12,\"history_used\":0,\"memories_recalled\":1}");
        same(new ChatReplied("t3", 2, "Miku", 9, "Yo", "smirk", "/api/audio/9.wav", null, 5_000_000_000L, 4, 1, 2),
                oldChatResponse("t3", 9L, "Yo", "smirk", "/api/audio/9.wav", null, 5_000_000_000L, 4L, 1, 2),
                "{\"turn_id\":\"t3\",\"character_id\":2,\"character_name\":\"Miku\",\"chat_log_id\":9,\"text\":\"Yo\","
                        + "\"emotion\":\"smirk\",\"audio_url\":\"/api/audio/9.wav\",\"latency_ms\":5000000000,"
                        + "\"first_token_ms\":4,\"history_used\":1,\"memories_recalled\":2}");
    }

    /** chat.response's data as ChatEngine built it before the record (character 2, Miku). */
    private static Map<String, @Nullable Object> oldChatResponse(String turn, long chatLogId, String text, String emotion,
            @Nullable String audioUrl, @Nullable String audioError, long latency, long firstToken, int historyUsed,
            int memoriesUsed) {
        Map<String, @Nullable Object> data = turn(turn, 2L, "Miku");
        data.put("chat_log_id", chatLogId);
        data.put("text", text);
        data.put("emotion", emotion);
        data.put("audio_url", audioUrl);
        if (audioError != null) {
            data.put("audio_error", audioError);
        }
        data.put("latency_ms", latency);
        data.put("first_token_ms", firstToken);
        data.put("history_used", historyUsed);
        data.put("memories_recalled", memoriesUsed);
        return data;
    }

    @Test
    void errorOfAReplyThatFailedOrWasCancelled() throws Exception {
        same(ErrorOccurred.reply("t1", 2, "Miku", "llm", "timeout", "No first token in 30 s", ""),
                oldReplyError("t1", "llm", "timeout", "No first token in 30 s", ""),
                "{\"turn_id\":\"t1\",\"character_id\":2,\"character_name\":\"Miku\",\"source\":\"llm\",\"reason\":\"timeout\","
                        + "\"detail\":\"No first token in 30 s\",\"partial_text\":\"\"}");
        same(ErrorOccurred.reply("t2", 2, "Miku", "chat", "cancelled", "client went away", "Hel"),
                oldReplyError("t2", "chat", "cancelled", "client went away", "Hel"),
                "{\"turn_id\":\"t2\",\"character_id\":2,\"character_name\":\"Miku\",\"source\":\"chat\",\"reason\":\"cancelled\","
                        + "\"detail\":\"client went away\",\"partial_text\":\"Hel\"}");
    }

    /** error.occurred's data as ChatEngine built it for a failed or cancelled reply (character 2, Miku). */
    private static Map<String, @Nullable Object> oldReplyError(String turn, String source, String reason, String detail,
            String partial) {
        Map<String, @Nullable Object> data = turn(turn, 2L, "Miku");
        data.put("source", source);
        data.put("reason", reason);
        data.put("detail", detail);
        data.put("partial_text", partial);
        return data;
    }

    @Test
    void errorOfAVoiceStage() throws Exception {
        Map<String, @Nullable Object> old = new LinkedHashMap<>();
        old.put("turn_id", "t1");
        old.put("character_id", 2L);
        old.put("source", "stt");
        old.put("detail", "whisper failed");
        same(ErrorOccurred.voiceStage("t1", 2, "stt", "whisper failed"), old,
                "{\"turn_id\":\"t1\",\"character_id\":2,\"source\":\"stt\",\"detail\":\"whisper failed\"}");
    }

    @Test
    void errorOfARemoteSpeechEngine() throws Exception {
        Map<String, @Nullable Object> old = new LinkedHashMap<>();
        old.put("source", "tts");
        old.put("engine", "remote");
        old.put("endpoint", "http://127.0.0.1:9/v1");
        old.put("error", "Connection refused");
        old.put("fallback", "local");
        same(ErrorOccurred.remoteEngine("tts", "http://127.0.0.1:9/v1", "Connection refused", "local"), old,
                "{\"source\":\"tts\",\"engine\":\"remote\",\"endpoint\":\"http://127.0.0.1:9/v1\",\"error\":\"Connection refused\","
                        + "\"fallback\":\"local\"}");
    }

    @Test
    void audioProcessedKeepsItsNullsOnTheWire() throws Exception {
        same(new AudioProcessed("job_1", "up_1", 4, "clip_0004.wav", 3.25, "good", false, "hello there", 0, 2),
                oldAudioProcessed("job_1", "up_1", 4L, "clip_0004.wav", 3.25, "good", false, "hello there", 0, 2),
                "{\"job_id\":\"job_1\",\"upload_id\":\"up_1\",\"clip_id\":4,\"filename\":\"clip_0004.wav\",\"duration\":3.25,"
                        + "\"grade\":\"good\",\"needs_transcript\":false,\"transcript\":\"hello there\",\"uploads_done\":0,"
                        + "\"uploads_total\":2}");
        same(new AudioProcessed("job_2", null, 5, "clip_0005.wav", 2.0, null, true, null, 1, 1),
                oldAudioProcessed("job_2", null, 5L, "clip_0005.wav", 2.0, null, true, null, 1, 1),
                "{\"job_id\":\"job_2\",\"upload_id\":null,\"clip_id\":5,\"filename\":\"clip_0005.wav\",\"duration\":2.0,"
                        + "\"grade\":null,\"needs_transcript\":true,\"transcript\":null,\"uploads_done\":1,\"uploads_total\":1}");
    }

    /** audio.processed's data as ProcessingJobs built it before the record. */
    private static Map<String, @Nullable Object> oldAudioProcessed(String job, @Nullable String upload, long clip, String filename,
            double duration, @Nullable String quality, boolean needsTranscript, @Nullable String transcript, int done, int total) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("job_id", job);
        data.put("upload_id", upload);
        data.put("clip_id", clip);
        data.put("filename", filename);
        data.put("duration", duration);
        data.put("grade", quality);
        data.put("needs_transcript", needsTranscript);
        data.put("transcript", transcript);
        data.put("uploads_done", done);
        data.put("uploads_total", total);
        return data;
    }

    private static Map<String, @Nullable Object> turn(String turnId, long characterId, String characterName) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("turn_id", turnId);
        data.put("character_id", characterId);
        data.put("character_name", characterName);
        return data;
    }

    /** The record's data is the old map (keys, order, values and their Java types), its JSON the old JSON, and it decodes back. */
    private static <T extends EventPayload> void same(T payload, Map<String, @Nullable Object> oldMap, String oldJson)
            throws Exception {
        Map<String, @Nullable Object> data = EventPayload.toData(payload);
        assertThat(JSON.writeValueAsString(oldMap)).as("the old map's JSON").isEqualTo(oldJson);
        assertThat(JSON.writeValueAsString(data)).isEqualTo(oldJson);
        assertThat(data.keySet()).containsExactlyElementsOf(oldMap.keySet());
        oldMap.forEach((k, v) -> {
            Object now = data.get(k);
            assertThat(now).as(k).isEqualTo(v);
            assertThat(now == null ? null : now.getClass()).as(k + "'s Java type").isEqualTo(v == null ? null : v.getClass());
        });
        Map<String, Object> wire = JSON.readValue(oldJson, new TypeReference<>() {});
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) payload.getClass();
        assertThat(EventPayload.decode(wire, type)).isEqualTo(payload);
    }
}
