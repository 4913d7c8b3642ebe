package dev.vtubermiku.core.chat;

import java.util.List;

/**
 * What is sent to the language model: the system prompt first, then the recent history, then the
 * user's new line last. {@code historyUsed} and {@code memoriesUsed} say what made it into the budget.
 */
public record Prompt(List<PromptMessage> messages, int historyUsed, int memoriesUsed, int estimatedTokens) {

    public Prompt {
        messages = List.copyOf(messages);
    }

    /** The user's new line. */
    public String userMessage() {
        return messages.getLast().text();
    }
}
