package dev.vtubermiku.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.InMemoryEventJournal;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.EventTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chat engine on fake ports: a scripted model, a history in a list, a fixed clock and an
 * executor that runs on the caller's thread, so every exchange here is over when {@code start}
 * returns (or waits, deterministically, for the test to write the model's reply).
 */
class ChatEngineTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    /** 36 characters: 13 estimated tokens as a prompt message (9 for the text, 4 per message). */
    private static final String LINE = "a line of exactly thirty-six chars!!";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryEventJournal journal = new InMemoryEventJournal();
    private final EventBus bus = new EventBus(journal, clock, Thread.ofVirtual().factory());
    private final ListChatHistory history = new ListChatHistory();
    private final ScriptedLanguageModel model = new ScriptedLanguageModel();
    private int historyTokens = 4096;
    private final ChatEngine engine = new ChatEngine(new FixedCharacters(), history, LongTermMemory.NONE, model,
            ReplyVoice.UNAVAILABLE, bus, clock, Runnable::run, () -> new ChatSettings(historyTokens, 0));

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void thePromptHoldsTheNewestExchangesThatFitTheHistoryBudget() {
        assertThat(LINE).hasSize(36);
        assertThat(PromptBuilder.estimateTokens(LINE)).isEqualTo(13);
        for (int i = 1; i <= 10; i++) {
            history.add(1, LINE, LINE.replace("a line", "reply " + i).substring(0, 36), NOW);
        }
        historyTokens = 80; // three exchanges of 26 tokens fit, a fourth would not
        model.replies("[joy] Sure!");

        ChatReply reply = engine.start(new ChatRequest("And now?", null, false, "http")).result().join();

        List<PromptMessage> messages = model.last().prompt.messages();
        assertThat(messages.getFirst().role()).isEqualTo(Role.SYSTEM);
        assertThat(messages.subList(1, messages.size()).stream().map(m -> m.role() + ":" + m.text()).toList())
                .containsExactly(
                        "USER:" + LINE, "ASSISTANT:" + history.all().get(7).response(),
                        "USER:" + LINE, "ASSISTANT:" + history.all().get(8).response(),
                        "USER:" + LINE, "ASSISTANT:" + history.all().get(9).response(),
                        "USER:And now?");
        assertThat(model.last().prompt.historyUsed()).isEqualTo(3);
        assertThat(only(EventTypes.CHAT_RESPONSE).data()).containsEntry("history_used", 3);
        assertThat(reply.chatLogId()).as("the new exchange is stored after the ten").isEqualTo(11);
    }

    @Test
    void theEmotionTagIsTakenOutOfTheStreamAndBecomesTheRepliesEmotion() {
        model.replies("[hap", "py] Hello", " there!");

        ChatEngine.ChatTurn turn = engine.start(new ChatRequest("Hi Miku", null, false, "ws"));
        ChatReply reply = turn.result().join();

        assertThat(reply.text()).isEqualTo("Hello there!");
        assertThat(reply.emotion()).as("a synonym of ours maps to it").isEqualTo(Emotion.JOY);
        assertThat(history.all()).singleElement().satisfies(e -> {
            assertThat(e.userMessage()).isEqualTo("Hi Miku");
            assertThat(e.response()).isEqualTo("Hello there!");
            assertThat(e.emotion()).isEqualTo("joy");
            assertThat(e.interrupted()).isFalse();
            assertThat(e.timestamp()).isEqualTo(NOW);
        });
        assertThat(journal.all().stream().map(Event::type).toList()).containsExactly(EventTypes.CHAT_MESSAGE,
                EventTypes.CHAT_TOKEN, EventTypes.CHAT_TOKEN, EventTypes.CHAT_RESPONSE);
        assertThat(of(EventTypes.CHAT_TOKEN).stream().map(e -> (String) e.data().get("text")).toList())
                .as("no piece of the tag is ever shown").containsExactly("Hello", " there!");
        assertThat(journal.all()).allSatisfy(e -> assertThat(e.data()).containsEntry("turn_id", turn.id()));
        assertThat(only(EventTypes.CHAT_RESPONSE).data()).containsEntry("emotion", "joy").containsEntry("text", "Hello there!")
                .containsEntry("chat_log_id", 1L);
    }

    @Test
    void aStreamThatFailsHalfwayStoresNothing() {
        ChatEngine.ChatTurn turn = engine.start(new ChatRequest("Tell me a story", null, false, "http"));
        model.last().sink.onToken("[joy] Once upon a ti");
        model.last().sink.onError(LlmFailure.of(LlmFailure.Reason.DROPPED, "the server closed the stream"));
        model.last().sink.onComplete(); // a late end, as a stream may deliver: ignored

        assertThatThrownBy(() -> turn.result().join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(ChatFailedException.class,
                        e -> assertThat(e.failure().reason()).isEqualTo(LlmFailure.Reason.DROPPED));
        assertThat(history.all()).as("nothing half done is stored").isEmpty();
        assertThat(of(EventTypes.CHAT_RESPONSE)).isEmpty();
        Event error = only(EventTypes.ERROR_OCCURRED);
        assertThat(error.severity()).isEqualTo(Severity.ERROR);
        assertThat(error.data()).containsEntry("source", "llm").containsEntry("reason", "dropped")
                .containsEntry("partial_text", "Once upon a ti").containsEntry("turn_id", turn.id());
    }

    @Test
    void aCancelledStreamStopsTheModelAndStoresNothing() {
        ChatEngine.ChatTurn turn = engine.start(new ChatRequest("Tell me a story", null, false, "ws"));
        model.last().sink.onToken("[joy] Once upon");

        assertThat(turn.cancel("the client went away")).isTrue();
        model.last().sink.onToken(" a time."); // already under way when it was cancelled
        model.last().sink.onComplete();

        assertThat(model.last().cancelled()).as("the model's stream is cancelled").isTrue();
        assertThat(turn.cancel("again")).as("a second cancel has nothing to stop").isFalse();
        assertThatThrownBy(() -> turn.result().join()).cause().isInstanceOf(ChatCancelledException.class);
        assertThat(history.all()).isEmpty();
        assertThat(of(EventTypes.CHAT_TOKEN)).as("nothing shown after the cancel").hasSize(1);
        assertThat(of(EventTypes.CHAT_RESPONSE)).isEmpty();
        Event error = only(EventTypes.ERROR_OCCURRED);
        assertThat(error.severity()).isEqualTo(Severity.WARNING);
        assertThat(error.data()).containsEntry("reason", "cancelled").containsEntry("detail", "the client went away")
                .containsEntry("partial_text", "Once upon");
    }

    @Test
    void aReplyOfNothingButATagIsAFailureNotAnEmptyExchange() {
        model.replies("[joy]", "  ");

        ChatEngine.ChatTurn turn = engine.start(new ChatRequest("Hm?", null, false, "http"));

        assertThatThrownBy(() -> turn.result().join()).cause().isInstanceOfSatisfying(ChatFailedException.class,
                e -> assertThat(e.failure().reason()).isEqualTo(LlmFailure.Reason.EMPTY));
        assertThat(history.all()).isEmpty();
    }

    @Test
    void anUnknownCharacterIsRefusedBeforeAnythingIsPublished() {
        assertThatThrownBy(() -> engine.start(new ChatRequest("Hi", 42L, false, "http")))
                .isInstanceOf(UnknownCharacterException.class);
        assertThat(journal.all()).isEmpty();
        assertThat(model.calls()).isEmpty();
    }

    private List<Event> of(String type) {
        return journal.all().stream().filter(e -> e.type().equals(type)).toList();
    }

    private Event only(String type) {
        assertThat(of(type)).hasSize(1);
        return of(type).getFirst();
    }
}
