package dev.vtubermiku.server.web;

import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.core.chat.ChatEngine;
import dev.vtubermiku.core.chat.VectorMemory;
import dev.vtubermiku.server.chat.StoreChatHistory;

/** What the chat, history and memory routes (and chat over /ws) need. */
public record ChatServices(ChatEngine engine, StoreChatHistory history, VectorMemory memory, CharacterCatalog characters) {}
