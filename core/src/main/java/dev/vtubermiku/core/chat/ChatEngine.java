package dev.vtubermiku.core.chat;

import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.event.ChatMessage;
import dev.vtubermiku.protocol.event.ChatReplied;
import dev.vtubermiku.protocol.event.ChatToken;
import dev.vtubermiku.protocol.event.ErrorOccurred;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exchange from the user's line to the stored reply. Events, in order: {@code chat.message}
 * (the user's line), {@code chat.token} for each piece of visible reply text as the model writes it
 * (emotion tags taken out), then {@code chat.response} (final text, emotion, chat_log id) once the
 * exchange is stored, or {@code error.occurred} when the model failed or the client went away; in
 * those cases nothing is stored. Every event of one exchange carries the same {@code turn_id}.
 */
public final class ChatEngine {

    private static final Logger log = LoggerFactory.getLogger(ChatEngine.class);
    /** Enough exchanges to fill any sensible history budget. */
    static final int HISTORY_FETCH = 200;

    private final CharacterCatalog characters;
    private final ChatHistory history;
    private final LongTermMemory memory;
    private final LanguageModel model;
    private final ReplyVoice voice;
    private final EventBus bus;
    private final Clock clock;
    private final Executor work;
    private final Supplier<ChatSettings> settings;
    private final PromptBuilder prompts = new PromptBuilder();
    private final EmotionClassifier classifier = new EmotionClassifier();

    public ChatEngine(CharacterCatalog characters, ChatHistory history, LongTermMemory memory, LanguageModel model,
            ReplyVoice voice, EventBus bus, Clock clock, Executor work, Supplier<ChatSettings> settings) {
        this.characters = characters;
        this.history = history;
        this.memory = memory;
        this.model = model;
        this.voice = voice;
        this.bus = bus;
        this.clock = clock;
        this.work = work;
        this.settings = settings;
    }

    /**
     * Starts a reply and returns at once, after {@code chat.message} is published.
     *
     * @throws UnknownCharacterException before anything is published, when the character does not exist
     */
    public ChatTurn start(ChatRequest request) {
        return start(request, UUID.randomUUID().toString(), text -> {});
    }

    /**
     * The same, with the turn id chosen by the caller (the voice loop's, so that its events and the
     * chat events share one {@code turn_id}) and every piece of visible reply text also handed to
     * {@code tokens}, at once and in order, on the model's thread (keep it short).
     */
    public ChatTurn start(ChatRequest request, String turnId, ReplyTokens tokens) {
        return start(request, turnId, tokens, null);
    }

    /**
     * The same with the {@link Context} fetched beforehand (its character must be the request's), so
     * that the reply does not wait for those reads.
     */
    public ChatTurn start(ChatRequest request, String turnId, ReplyTokens tokens, @Nullable Context context) {
        Persona persona = context != null ? context.persona() : resolve(request.characterId());
        ChatTurn turn = new ChatTurn(turnId, persona, request, clock.millis(), tokens, context);
        ChatViewer viewer = request.viewer();
        String who = viewer == null ? "You" : viewer.name() + " (" + viewer.platform() + ")";
        bus.publish(new ChatMessage(turnId, persona.id(), persona.name(), request.message(), request.speak(), request.origin(),
                viewer == null ? null : viewer.name()), Severity.INFO,
                who + " → " + persona.name() + ": " + preview(request.message()));
        work.execute(turn::begin);
        return turn;
    }

    /**
     * What a reply needs that does not depend on the user's words: the character and the recent
     * history. For a caller that knows a line is coming (the voice loop fetches it while Whisper is
     * still transcribing, which saves two database reads on the way to the first token). An exchange
     * stored between this and the start is not in that reply's prompt.
     *
     * @throws UnknownCharacterException when the character does not exist
     */
    public Context prepare(@Nullable Long characterId) {
        Persona persona = resolve(characterId);
        return new Context(persona, history.recent(persona.id(), HISTORY_FETCH));
    }

    /** The character and the recent history with it, oldest first. */
    public record Context(Persona persona, List<Exchange> recent) {
        public Context {
            recent = List.copyOf(recent);
        }
    }

    private Persona resolve(@Nullable Long characterId) {
        if (characterId != null) {
            return characters.find(characterId).orElseThrow(() -> new UnknownCharacterException(
                    "There is no character " + characterId + " (or it was archived). GET /api/characters lists them."));
        }
        try {
            return characters.active();
        } catch (IllegalStateException e) {
            throw new UnknownCharacterException("There is no character to talk to yet: create one first (POST /api/characters).");
        }
    }

    private static String preview(String text) {
        String line = text.strip().replace('\n', ' ');
        return line.length() <= 120 ? line : line.substring(0, 119) + "…";
    }

    private enum State { PREPARING, STREAMING, FINISHING, DONE }

    /** One exchange in progress. */
    public final class ChatTurn implements LanguageModel.TokenSink {
        private final String id;
        private final Persona persona;
        private final ChatRequest request;
        private final long startedMillis;
        private final CompletableFuture<ChatReply> result = new CompletableFuture<>();
        private final ReentrantLock lock = new ReentrantLock();
        private final EmotionTagParser tags = new EmotionTagParser();
        private final StringBuilder visible = new StringBuilder();
        private State state = State.PREPARING; // guarded by lock
        private LanguageModel.@Nullable LlmStream stream; // guarded by lock
        private int tokens;
        private long firstTokenMillis = -1;
        private int historyUsed;
        private int memoriesUsed;
        private final ReplyTokens listener;
        private final @Nullable Context context;
        /** Her voice, when the request asked to speak: handed the reply as it streams. */
        private final ReplyVoice.@Nullable Speaking speaking;
        private boolean emotionTold;

        ChatTurn(String id, Persona persona, ChatRequest request, long startedMillis, ReplyTokens listener,
                @Nullable Context context) {
            this.context = context;
            this.id = id;
            this.persona = persona;
            this.request = request;
            this.startedMillis = startedMillis;
            this.speaking = request.speak() ? voice.open(persona, id, request.origin()) : null;
            this.listener = speaking == null ? listener : ReplyTokens.both(listener, speaking);
        }

        public String id() {
            return id;
        }

        public Persona persona() {
            return persona;
        }

        /** Completes with the reply, or exceptionally with {@link ChatFailedException} or {@link ChatCancelledException}. */
        public CompletableFuture<ChatReply> result() {
            return result;
        }

        void begin() {
            try {
                ChatSettings s = settings.get();
                List<Memory> recalled = List.of();
                try {
                    ChatViewer viewer = request.viewer();
                    // A viewer's line recalls what that viewer said before (their name is in their memories).
                    String query = viewer == null ? request.message() : viewer.remembered(request.message());
                    recalled = memory.recall(persona.id(), query, s.memoryRecall());
                } catch (RuntimeException e) {
                    log.warn("Memory recall failed; answering without memories", e);
                }
                List<Exchange> recent = context != null ? context.recent() : history.recent(persona.id(), HISTORY_FETCH);
                Prompt prompt = prompts.build(persona, recent, recalled, request.message(), s.historyTokens(), request.viewer());
                historyUsed = prompt.historyUsed();
                memoriesUsed = prompt.memoriesUsed();
                lock.lock();
                try {
                    if (state != State.PREPARING) {
                        return; // cancelled while preparing
                    }
                    state = State.STREAMING;
                } finally {
                    lock.unlock();
                }
                LanguageModel.LlmStream opened = model.stream(prompt, this);
                boolean cancelled;
                lock.lock();
                try {
                    stream = opened;
                    cancelled = state == State.DONE; // cancelled (or failed) while it was being opened
                } finally {
                    lock.unlock();
                }
                if (cancelled) {
                    opened.cancel();
                }
            } catch (RuntimeException e) {
                log.error("Could not start the reply of turn {}", id, e);
                onError(LlmFailure.of(LlmFailure.Reason.OTHER, "The reply could not be started: " + e.getMessage()));
            }
        }

        @Override
        public void onToken(String text) {
            lock.lock();
            try {
                if (state != State.STREAMING) {
                    return;
                }
                if (firstTokenMillis < 0) {
                    firstTokenMillis = clock.millis() - startedMillis;
                }
                publishToken(tags.feed(text));
            } finally {
                lock.unlock();
            }
        }

        /** Must hold the lock. */
        private void publishToken(String shown) {
            if (shown.isEmpty()) {
                return;
            }
            visible.append(shown);
            // The listener first: the voice loop's next sentence should not wait for the event's commit.
            try {
                if (!emotionTold && tags.emotion().isPresent()) {
                    emotionTold = true;
                    listener.emotion(tags.emotion().get());
                }
                listener.token(shown);
            } catch (RuntimeException e) {
                log.warn("A reply listener of turn {} failed", id, e);
            }
            bus.publish(new ChatToken(id, persona.id(), persona.name(), tokens++, shown), Severity.DEBUG, shown);
        }

        @Override
        public void onComplete() {
            String text;
            lock.lock();
            try {
                if (state != State.STREAMING) {
                    return;
                }
                publishToken(tags.finish());
                text = visible.toString().strip();
                if (!text.isEmpty()) {
                    state = State.FINISHING; // from here on a cancel cannot stop it: it is being stored
                }
            } finally {
                lock.unlock();
            }
            if (text.isEmpty()) {
                onError(LlmFailure.of(LlmFailure.Reason.EMPTY, "The language model answered with no text."));
                return;
            }
            try {
                finish(text);
            } catch (RuntimeException e) {
                log.error("Could not store the reply of turn {}", id, e);
                lock.lock();
                try {
                    state = State.STREAMING;
                } finally {
                    lock.unlock();
                }
                onError(LlmFailure.of(LlmFailure.Reason.OTHER, "The reply could not be stored: " + e.getMessage()));
            }
        }

        private void finish(String text) {
            Emotion emotion = tags.emotion().orElseGet(() -> classifier.classify(text));
            ReplyVoice.Spoken spoken = speaking == null ? null : speaking.finish(text, emotion); // does not throw
            Exchange stored = history.record(persona.id(), request.message(), text, emotion.wire(),
                    spoken == null ? null : spoken.audioFile(), clock.instant(), request.origin(), request.viewer());
            long latency = clock.millis() - startedMillis;
            ChatReply reply = new ChatReply(stored.id(), persona.id(), id, text, emotion,
                    spoken == null ? null : spoken.audioUrl(), spoken == null ? null : spoken.error(), latency,
                    firstTokenMillis);
            ChatReplied replied = new ChatReplied(id, persona.id(), persona.name(), stored.id(), text, emotion.wire(),
                    reply.audioUrl(), reply.audioError(), latency, firstTokenMillis, historyUsed, memoriesUsed);
            lock.lock();
            try {
                state = State.DONE;
                bus.publish(replied, Severity.INFO, persona.name() + ": " + preview(text));
            } finally {
                lock.unlock();
            }
            memory.remember(stored); // queued before the reply is handed out, so a forget that follows it also forgets this
            result.complete(reply);
        }

        @Override
        public void onError(LlmFailure failure) {
            lock.lock();
            try {
                if (state == State.DONE || state == State.FINISHING) {
                    return;
                }
                state = State.DONE;
                bus.publish(ErrorOccurred.reply(id, persona.id(), persona.name(), "llm", failure.reason().wire(), failure.detail(),
                        visible.toString()), Severity.ERROR, "No reply from " + persona.name() + ": " + failure.detail());
            } finally {
                lock.unlock();
            }
            if (speaking != null) {
                speaking.stop(failure.detail());
            }
            log.warn("Turn {} failed: {} ({})", id, failure.detail(), failure.reason().wire());
            result.completeExceptionally(new ChatFailedException(failure));
        }

        /**
         * Stops the reply (its client went away): the model's stream is cancelled, nothing is stored,
         * and {@code error.occurred} (severity warning, reason {@code cancelled}) closes the turn for
         * other listeners. No effect once the reply is being stored.
         *
         * @return whether this call stopped it
         */
        public boolean cancel(String why) {
            LanguageModel.@Nullable LlmStream toCancel;
            lock.lock();
            try {
                if (state == State.DONE || state == State.FINISHING) {
                    return false;
                }
                state = State.DONE;
                toCancel = stream;
                bus.publish(ErrorOccurred.reply(id, persona.id(), persona.name(), "chat", "cancelled", why, visible.toString()),
                        Severity.WARNING, "Reply of " + persona.name() + " cancelled: " + why);
            } finally {
                lock.unlock();
            }
            if (toCancel != null) {
                toCancel.cancel();
            }
            if (speaking != null) {
                speaking.stop(why);
            }
            log.info("Turn {} cancelled: {}", id, why);
            result.completeExceptionally(new ChatCancelledException(why));
            return true;
        }
    }
}
