package dev.vtubermiku.server.web;

import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.core.chat.ChatEngine;
import dev.vtubermiku.core.chat.VectorMemory;
import dev.vtubermiku.server.chat.StoreChatHistory;
import dev.vtubermiku.server.speech.SpeakingPath;
import dev.vtubermiku.server.speech.VoiceListeners;

/**
 * What the chat, history and memory routes (and chat over /ws) need; her speaking path (her greeting)
 * and who hears her speak ({@code listen} on /ws).
 */
public record ChatServices(ChatEngine engine, StoreChatHistory history, VectorMemory memory, CharacterCatalog characters,
        SpeakingPath speaking, VoiceListeners listeners) {}
