package dev.vtubermiku.server.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.vtubermiku.core.chat.LanguageModel;
import dev.vtubermiku.core.chat.LlmFailure;
import dev.vtubermiku.core.chat.Prompt;
import dev.vtubermiku.core.chat.PromptMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * An OpenAI-compatible chat-completions server (OpenRouter, Ollama's /v1, LM Studio, vLLM) through
 * LangChain4j's streaming client. Errors become {@link LlmFailure}s that say what to fix. A stream
 * that ends without a finish reason was cut off, not finished, and is reported as such.
 */
final class OpenAiCompatibleModel implements LanguageModel {

    /**
     * OpenRouter shows these to attribute usage to the app (https://openrouter.ai/docs/app-attribution).
     * The project has no public site yet, so the referer names the local app rather than a made-up URL.
     */
    static final Map<String, String> ATTRIBUTION = Map.of(
            "HTTP-Referer", "http://localhost/vtubermiku",
            "X-Title", "VtuberMiku");

    private final StreamingChatModel model;
    private final String baseUrl;
    private final String modelName;

    OpenAiCompatibleModel(String baseUrl, String apiKey, String modelName, int maxTokens, Duration connectTimeout,
            Executor io) {
        this.baseUrl = baseUrl;
        this.modelName = modelName;
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder builder = OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .modelName(modelName)
                .maxTokens(maxTokens)
                .customHeaders(ATTRIBUTION)
                .httpClientBuilder(new AbortableHttpClient.Builder(io).connectTimeout(connectTimeout));
        if (!apiKey.isEmpty()) {
            builder.apiKey(apiKey);
        }
        this.model = builder.build();
    }

    @Override
    public LlmStream stream(Prompt prompt, TokenSink sink) {
        AbortableHttpClient.Abort abort = new AbortableHttpClient.Abort();
        ChatRequest request = ChatRequest.builder().messages(messages(prompt)).build();
        try {
            AbortableHttpClient.within(abort, () -> {
                model.chat(request, new Handler(sink, abort));
                return null;
            });
        } catch (RuntimeException e) {
            sink.onError(failure(e));
        }
        return abort::abort;
    }

    private static List<ChatMessage> messages(Prompt prompt) {
        return prompt.messages().stream().map(OpenAiCompatibleModel::message).toList();
    }

    private static ChatMessage message(PromptMessage m) {
        return switch (m.role()) {
            case SYSTEM -> SystemMessage.from(m.text());
            case USER -> UserMessage.from(m.text());
            case ASSISTANT -> AiMessage.from(m.text());
        };
    }

    private final class Handler implements StreamingChatResponseHandler {
        private final TokenSink sink;
        private final AbortableHttpClient.Abort abort;

        Handler(TokenSink sink, AbortableHttpClient.Abort abort) {
            this.sink = sink;
            this.abort = abort;
        }

        @Override
        public void onPartialResponse(String text) {
            if (!abort.cancelled() && !text.isEmpty()) {
                sink.onToken(text);
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            if (abort.cancelled()) {
                return;
            }
            if (response.finishReason() == null) {
                sink.onError(LlmFailure.of(LlmFailure.Reason.DROPPED, "The LLM server at " + baseUrl
                        + " ended the stream before the reply was finished (no finish_reason)."));
            } else {
                sink.onComplete();
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!abort.cancelled()) {
                sink.onError(failure(error));
            }
        }
    }

    LlmFailure failure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return httpFailure(http.statusCode(), http.getMessage());
            }
            if (t instanceof JsonProcessingException) {
                return LlmFailure.of(LlmFailure.Reason.MALFORMED, "The LLM server at " + baseUrl
                        + " sent a chunk that is not OpenAI-compatible streaming JSON; is LLM_BASE_URL an OpenAI-compatible /v1 endpoint?");
            }
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException || t instanceof UnresolvedAddressException) {
                return LlmFailure.of(LlmFailure.Reason.UNREACHABLE, "Cannot reach the LLM server at " + baseUrl
                        + " (" + t.getClass().getSimpleName() + "): start it or check LLM_BASE_URL.");
            }
            if (t instanceof IOException) {
                return LlmFailure.of(LlmFailure.Reason.DROPPED, "The connection to the LLM server at " + baseUrl
                        + " broke during the reply (" + t.getClass().getSimpleName() + ").");
            }
        }
        return LlmFailure.of(LlmFailure.Reason.OTHER, "The LLM request failed: " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + cut(error.getMessage())));
    }

    private LlmFailure httpFailure(int status, String body) {
        String said = body == null || body.isBlank() ? "" : ": " + cut(body);
        if (status == 429) {
            return LlmFailure.of(LlmFailure.Reason.RATE_LIMITED, "The LLM server at " + baseUrl
                    + " is rate-limiting requests (HTTP 429)" + said);
        }
        if (status >= 500) {
            return LlmFailure.of(LlmFailure.Reason.SERVER_ERROR, "The LLM server at " + baseUrl + " failed (HTTP " + status + ")" + said);
        }
        if (status == 401 || status == 403) {
            return LlmFailure.of(LlmFailure.Reason.REJECTED, "The LLM server at " + baseUrl + " rejected the API key (HTTP "
                    + status + "): check OPENROUTER_API_KEY" + said);
        }
        if (status == 404) {
            return LlmFailure.of(LlmFailure.Reason.REJECTED, "The LLM server at " + baseUrl + " does not know model "
                    + modelName + " (HTTP 404): check OPENROUTER_MODEL and LLM_BASE_URL" + said);
        }
        return LlmFailure.of(LlmFailure.Reason.REJECTED, "The LLM server at " + baseUrl + " refused the request (HTTP "
                + status + ")" + said);
    }

    private static String cut(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= 300 ? t : t.substring(0, 299) + "…";
    }
}
