package dev.vtubermiku.server.llm;

import dev.vtubermiku.core.chat.LanguageModel;
import dev.vtubermiku.core.chat.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline echo: with no LLM configured and no local one running, a reply built from the user's
 * message is streamed word by word, so that chat, events, history, memory and speech all run and
 * the streamer sees what to set up. It says plainly that it is an echo.
 */
final class EchoModel implements LanguageModel {

    static final String STATUS = "offline echo — set OPENROUTER_API_KEY or LLM_BASE_URL";
    private static final Pattern PIECES = Pattern.compile("\\S+\\s*");

    private final Executor executor;

    EchoModel(Executor executor) {
        this.executor = executor;
    }

    static String reply(String userMessage) {
        String said = userMessage.strip().replaceAll("\\s+", " ");
        if (said.length() > 200) {
            said = said.substring(0, 199) + "…";
        }
        return "[neutral] You said: \"" + said + "\". I am the offline echo, so that is all I can say for now: "
                + "set OPENROUTER_API_KEY or LLM_BASE_URL, or start Ollama, and I will answer properly.";
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = PIECES.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    @Override
    public LlmStream stream(Prompt prompt, TokenSink sink) {
        AtomicBoolean cancelled = new AtomicBoolean();
        List<String> tokens = tokens(reply(prompt.userMessage()));
        executor.execute(() -> {
            for (String token : tokens) {
                if (cancelled.get()) {
                    return;
                }
                sink.onToken(token);
            }
            if (!cancelled.get()) {
                sink.onComplete();
            }
        });
        return () -> cancelled.set(true);
    }
}
