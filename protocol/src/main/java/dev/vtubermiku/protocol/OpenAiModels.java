package dev.vtubermiku.protocol;

import java.util.List;

/** {@code GET /v1/models}: OpenAI's model list. */
public record OpenAiModels(String object, List<Model> data) {

    public OpenAiModels(List<Model> data) {
        this("list", data);
    }

    /** One model: {@code created} in Unix seconds. */
    public record Model(String id, String object, long created, String ownedBy) {}
}
