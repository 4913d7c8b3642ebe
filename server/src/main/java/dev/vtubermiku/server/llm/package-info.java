/**
 * The LLM adapter: LangChain4j's OpenAI-compatible streaming client behind the core's
 * {@code LanguageModel} port, the choice between the configured server, a local Ollama and the
 * offline echo, and the in-process MiniLM embedding model behind {@code TextEmbedder}. The only
 * package that may use {@code dev.langchain4j}.
 */
@NullMarked
package dev.vtubermiku.server.llm;

import org.jspecify.annotations.NullMarked;
