package dev.vtubermiku.server.audience;

import dev.vtubermiku.core.audience.AudienceDesk;
import dev.vtubermiku.core.audience.AudienceRules;
import dev.vtubermiku.core.audience.Blocklist;
import dev.vtubermiku.core.audience.ChatPoster;
import dev.vtubermiku.core.audience.QueuedMessage;
import dev.vtubermiku.core.audience.SkipReason;
import dev.vtubermiku.core.audience.StreamerFloor;
import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.audience.ViewerMessageSink;
import dev.vtubermiku.core.audience.ViewerText;
import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.core.chat.ChatEngine;
import dev.vtubermiku.core.chat.ChatReply;
import dev.vtubermiku.core.chat.ChatRequest;
import dev.vtubermiku.core.chat.ChatViewer;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.protocol.AudienceQueueItem;
import dev.vtubermiku.protocol.AudienceQueueView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audience pipeline for every platform. {@link #accept} (the connectors' sink) cleans, filters
 * and queues a message and returns: no I/O, no waiting, bounded state. One thread of its own answers:
 * when the desk allows it (not on hold, cool-down over, the streamer not having the floor) it takes
 * the best message and starts her reply through the same chat engine as {@code POST /api/chat} with
 * {@code speak: true}, framed as the viewer's words. While that reply is still being written, the
 * streamer starting a turn or Hold being switched on cancels it and puts the message back. Her reply
 * is checked against the blocklist before it is posted to chat (and {@link GuardedReplyVoice} before
 * it is spoken).
 */
public final class AudiencePipeline implements ViewerMessageSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AudiencePipeline.class);
    /** How often the answering thread looks at the queue when nothing wakes it (ages, cool-down). */
    static final long TICK_MS = 200;
    /** How often a reply in progress checks whether the streamer came first or Hold went on. */
    static final long WATCH_MS = 20;

    private final AudienceDesk desk;
    private final StreamerFloor floor;
    private final ChatEngine engine;
    private final CharacterCatalog characters;
    private final AudienceEvents events;
    private final Clock clock;
    private final List<ChatPoster> posters = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Boolean> wake = new LinkedBlockingQueue<>(1);
    private final StreamerWatch watch;
    private final Thread answering;
    private volatile boolean running = true;
    private volatile String herName = "";
    private volatile long herNameRead;
    private volatile ChatEngine.@Nullable ChatTurn current;

    public AudiencePipeline(AudienceRules rules, ChatEngine engine, CharacterCatalog characters, EventBus bus, Clock clock) {
        this.desk = new AudienceDesk(clock, rules);
        this.floor = new StreamerFloor(clock);
        this.engine = engine;
        this.characters = characters;
        this.events = new AudienceEvents(bus);
        this.clock = clock;
        this.watch = new StreamerWatch(bus, floor, this::wakeUp);
        readHerName();
        this.answering = Thread.ofVirtual().name("audience-answers").start(this::answerLoop);
    }

    /** The pipeline with the AUDIENCE_* settings, following them as they change. */
    public static AudiencePipeline start(dev.vtubermiku.server.config.RuntimeConfig config, ChatEngine engine,
            CharacterCatalog characters, EventBus bus, Clock clock) {
        AudiencePipeline pipeline = new AudiencePipeline(AudienceSettings.rules(config.current()), engine, characters, bus, clock);
        config.onChange(changed -> pipeline.rules(AudienceSettings.rules(changed)));
        return pipeline;
    }

    @Override
    public void accept(ViewerMessage message) {
        try {
            AudienceDesk.Offer offer = desk.offer(message, herName);
            switch (offer) {
                case AudienceDesk.Offer.Queued q -> {
                    events.message(message, q.entry().text(), q.entry());
                    q.crowdedOut().forEach(d -> events.skipped(d, false));
                    wakeUp();
                }
                case AudienceDesk.Offer.Skipped s -> {
                    events.message(message, s.dropped().text(), null);
                    events.skipped(s.dropped(), false);
                }
            }
        } catch (RuntimeException e) {
            log.warn("A viewer message from {} could not be handled", message.platform(), e); // never into the connector
        }
    }

    /** Where her replies are posted back, one per platform (the connectors hand them out). */
    public void posters(List<ChatPoster> available) {
        posters.clear();
        posters.addAll(available);
    }

    /** New settings from the configuration; hand-blocked viewers stay blocked. */
    public void rules(AudienceRules rules) {
        desk.rules(rules).forEach(d -> events.skipped(d, true));
        wakeUp();
    }

    public Blocklist blocklist() {
        return desk.rules().blocklist();
    }

    /** Hold on: no answer starts, and one still being written is given up (its message waits again). */
    public void hold(boolean on) {
        desk.hold(on);
        if (on) {
            ChatEngine.ChatTurn turn = current;
            if (turn != null) {
                turn.cancel("Hold is on");
            }
        }
        wakeUp();
    }

    public Optional<AudienceQueueItem> answerNow(long id) {
        Optional<QueuedMessage> entry = desk.answerNow(id);
        wakeUp();
        return entry.map(e -> AudienceEvents.item(e, clock.instant()));
    }

    public Optional<AudienceQueueItem> skip(long id) {
        Optional<AudienceDesk.Dropped> dropped = desk.skip(id);
        dropped.ifPresent(d -> events.skipped(d, true));
        return dropped.map(d -> new AudienceQueueItem(id, d.message().platform(),
                dev.vtubermiku.core.audience.ViewerFilter.userKey(d.message()), AudienceEvents.name(d.message()), d.text(), 0,
                List.of(), false, d.message().bits(), d.message().firstTime(), List.of(), d.message().receivedAt().toString(), 0));
    }

    /** Blocks a viewer; returns the ids of their messages taken off the queue. */
    public List<Long> block(String user) {
        List<Long> removed = new ArrayList<>();
        for (AudienceDesk.Dropped d : desk.block(user)) {
            events.skipped(d, true);
            removed.add(d.id());
        }
        return removed;
    }

    public AudienceQueueView view() {
        Instant now = clock.instant();
        AudienceDesk.Snapshot s = desk.snapshot();
        boolean streamer = floor.busy();
        String state;
        if (s.answering() != null) {
            state = "answering";
        } else if (s.queue().isEmpty()) {
            state = "empty";
        } else if (streamer) {
            state = "streamer";
        } else if (s.queue().getFirst().answerNow()) {
            state = "ready";
        } else if (s.hold()) {
            state = "hold";
        } else if (!s.cooldownLeft().isZero()) {
            state = "cooldown";
        } else {
            state = "ready";
        }
        return new AudienceQueueView(s.queue().stream().map(e -> AudienceEvents.item(e, now)).toList(), s.capacity(), s.hold(),
                state, s.answering() == null ? null : AudienceEvents.item(s.answering(), now), s.cooldownLeft().toMillis(),
                streamer, desk.blockedByHand().stream().sorted().toList());
    }

    /** Messages waiting now. */
    public int queued() {
        return desk.size();
    }

    private void wakeUp() {
        wake.offer(Boolean.TRUE);
    }

    /** Her name as {@link #accept} uses it, read on the answering thread once a second: accept never touches the store. */
    private void readHerName() {
        long now = System.nanoTime();
        if (now - herNameRead > 1_000_000_000L || herName.isEmpty()) {
            herNameRead = now;
            try {
                herName = characters.active().name();
            } catch (RuntimeException e) {
                herName = "";
            }
        }
    }

    private void answerLoop() {
        while (running) {
            try {
                wake.poll(TICK_MS, TimeUnit.MILLISECONDS);
                readHerName();
                desk.expire().forEach(d -> events.skipped(d, true));
                Optional<QueuedMessage> next = desk.next(floor.busy());
                if (next.isPresent()) {
                    answer(next.get());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("The audience answering loop failed on a message; it goes on", e);
            }
        }
    }

    private void answer(QueuedMessage entry) throws InterruptedException {
        String turnId = UUID.randomUUID().toString();
        ViewerMessage m = entry.message();
        ChatViewer viewer = new ChatViewer(m.platform(), ViewerText.safeName(m.userName()));
        events.selected(entry, turnId, clock.instant());
        ChatEngine.ChatTurn turn;
        try {
            turn = engine.start(new ChatRequest(entry.text(), null, true, m.platform(), viewer), turnId, text -> {}, null);
        } catch (RuntimeException e) {
            events.skipped(new AudienceDesk.Dropped(m, entry.text(), SkipReason.ANSWER_FAILED,
                    "her reply could not start: " + e.getMessage(), entry.id()), true);
            desk.answered();
            return;
        }
        current = turn;
        try {
            ChatReply reply = await(turn, entry);
            if (reply != null) {
                finish(entry, turnId, reply);
            }
        } finally {
            current = null;
        }
    }

    /** Her reply; null when it was given up (message put back) or failed (skip published, cool-down started). */
    private @Nullable ChatReply await(ChatEngine.ChatTurn turn, QueuedMessage entry) throws InterruptedException {
        while (true) {
            try {
                return turn.result().get(WATCH_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                boolean streamer = floor.busy();
                boolean held = desk.rules().hold() && !entry.answerNow();
                if ((streamer || held) && turn.cancel(streamer ? "the streamer came first" : "Hold is on")) {
                    desk.putBack(entry);
                    return null;
                }
            } catch (ExecutionException e) {
                if (turn.result().isCancelled() || e.getCause() instanceof dev.vtubermiku.core.chat.ChatCancelledException) {
                    desk.putBack(entry);
                    return null;
                }
                String why = e.getCause() == null ? "the reply failed" : e.getCause().getMessage();
                events.skipped(new AudienceDesk.Dropped(entry.message(), entry.text(), SkipReason.ANSWER_FAILED,
                        "her reply failed: " + why, entry.id()), true);
                desk.answered();
                return null;
            } catch (InterruptedException e) {
                turn.cancel("the backend is stopping");
                throw e;
            }
        }
    }

    private void finish(QueuedMessage entry, String turnId, ChatReply reply) {
        try {
            if (desk.rules().blocklist().find(reply.text()).isPresent()) {
                events.skipped(new AudienceDesk.Dropped(entry.message(), entry.text(), SkipReason.UNSAFE_REPLY,
                        "her reply contained a blocklisted word: neither spoken nor posted", entry.id()), true);
                return;
            }
            boolean posted = false;
            if (desk.rules().postReplies()) {
                for (ChatPoster poster : posters) {
                    if (poster.platform().equals(entry.message().platform()) && poster.canPost()) {
                        posted = poster.post("@" + ViewerText.safeName(entry.message().userName()) + " " + reply.text());
                        break;
                    }
                }
            }
            events.replied(entry, turnId, reply.text(), reply.chatLogId(), reply.audioUrl(), posted, reply.latencyMs());
        } finally {
            desk.answered();
        }
    }

    @Override
    public void close() {
        running = false;
        watch.close();
        answering.interrupt();
        ChatEngine.ChatTurn turn = current;
        if (turn != null) {
            turn.cancel("the backend is stopping");
        }
        try {
            answering.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
