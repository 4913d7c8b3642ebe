package dev.vtubermiku.core.chat;

/** One line of a prompt. */
public record PromptMessage(Role role, String text) {}
