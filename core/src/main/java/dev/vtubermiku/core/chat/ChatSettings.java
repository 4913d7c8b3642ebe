package dev.vtubermiku.core.chat;

/**
 * Tunables of the chat engine, read for every reply so runtime changes apply to the next one.
 *
 * @param historyTokens estimated tokens the recent history may take in a prompt
 * @param memoryRecall how many memories to recall into a prompt (0: none)
 */
public record ChatSettings(int historyTokens, int memoryRecall) {}
