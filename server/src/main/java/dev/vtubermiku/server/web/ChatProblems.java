package dev.vtubermiku.server.web;

import dev.vtubermiku.core.chat.ChatFailedException;
import dev.vtubermiku.core.chat.LlmFailure;
import dev.vtubermiku.core.chat.UnknownCharacterException;
import dev.vtubermiku.protocol.Problem;

/** Chat failures as problem details: a timeout is 504, any other LLM failure 502, an unknown character 404. */
final class ChatProblems {

    private ChatProblems() {}

    static ProblemException of(ChatFailedException e) {
        LlmFailure f = e.failure();
        if (f.reason() == LlmFailure.Reason.TIMEOUT) {
            return new ProblemException(504, Problems.type("llm-timeout"), "LLM timed out", f.detail(), null);
        }
        return new ProblemException(502, Problems.type("llm-" + f.reason().wire().replace('_', '-')), "LLM failed", f.detail(), null);
    }

    static ProblemException of(UnknownCharacterException e) {
        return new ProblemException(404, Problems.type("unknown-character"), "Unknown character", e.getMessage(), null);
    }

    static Problem problem(ProblemException e, String instance) {
        return new Problem(e.type(), e.title(), e.status(), e.getMessage(), instance, null, e.errors());
    }
}
