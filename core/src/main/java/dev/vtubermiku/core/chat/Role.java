package dev.vtubermiku.core.chat;

/** Who says a line of the prompt. */
public enum Role {
    SYSTEM,
    USER,
    ASSISTANT
}
