package dev.vtubermiku.core.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * A language model for tests. A scripted reply ({@link #replies}) streams at once, on the caller's
 * thread, and completes; one that only {@link #begins} streams its start and stays open; without
 * either the stream stays open. The test writes an open stream through {@link #last()}. Every
 * prompt it was given is kept.
 */
public final class ScriptedLanguageModel implements LanguageModel {

    /** One stream: what it was asked, where its reply goes, and whether it was cancelled. */
    public static final class Call implements LlmStream {
        public final Prompt prompt;
        public final TokenSink sink;
        private volatile boolean cancelled;
        private volatile boolean ended;

        Call(Prompt prompt, TokenSink sink) {
            this.prompt = prompt;
            this.sink = sink;
        }

        @Override
        public void cancel() {
            cancelled |= !ended; // as the port says: no effect once it ended
        }

        public boolean cancelled() {
            return cancelled;
        }
    }

    private record Script(List<String> tokens, boolean complete) {}

    private final Queue<Script> scripts = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();

    /** The next stream answers with these tokens and completes. */
    public synchronized ScriptedLanguageModel replies(String... tokens) {
        scripts.add(new Script(List.of(tokens), true));
        return this;
    }

    /** The next stream starts with these tokens and stays open. */
    public synchronized ScriptedLanguageModel begins(String... tokens) {
        scripts.add(new Script(List.of(tokens), false));
        return this;
    }

    @Override
    public LlmStream stream(Prompt prompt, TokenSink sink) {
        Call call = new Call(prompt, sink);
        Script script;
        synchronized (this) {
            calls.add(call);
            script = scripts.poll();
        }
        if (script != null) {
            script.tokens().forEach(sink::onToken);
            if (script.complete()) {
                sink.onComplete();
                call.ended = true;
            }
        }
        return call;
    }

    public synchronized Call last() {
        return calls.getLast();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }
}
