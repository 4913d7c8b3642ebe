package dev.vtubermiku.gui.net;

import dev.vtubermiku.protocol.AudienceBlockBody;
import dev.vtubermiku.protocol.AudienceBlockResult;
import dev.vtubermiku.protocol.AudienceHoldBody;
import dev.vtubermiku.protocol.AudienceQueueItem;
import dev.vtubermiku.protocol.AudienceQueueView;
import java.util.concurrent.CompletableFuture;

/** Her audience's controls, typed: {@code /api/audience/*} (the queue, answer now, skip, block, hold). */
public final class AudienceApi {

    private final BackendClient client;

    public AudienceApi(BackendClient client) {
        this.client = client;
    }

    public CompletableFuture<AudienceQueueView> queue() {
        return client.get("/api/audience/queue", AudienceQueueView.class);
    }

    public CompletableFuture<AudienceQueueItem> answerNow(long id) {
        return client.post("/api/audience/queue/" + id + "/answer", null, AudienceQueueItem.class);
    }

    public CompletableFuture<AudienceQueueItem> skip(long id) {
        return client.post("/api/audience/queue/" + id + "/skip", null, AudienceQueueItem.class);
    }

    public CompletableFuture<AudienceBlockResult> block(String user) {
        return client.post("/api/audience/block", new AudienceBlockBody(user), AudienceBlockResult.class);
    }

    public CompletableFuture<AudienceQueueView> hold(boolean on) {
        return client.put("/api/audience/hold", new AudienceHoldBody(on), AudienceQueueView.class);
    }
}
