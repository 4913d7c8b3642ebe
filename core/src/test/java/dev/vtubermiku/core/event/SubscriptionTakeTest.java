package dev.vtubermiku.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubscriptionTakeTest {

    private static Event event(long id) {
        return new Event(id, "chat.message", Instant.EPOCH, Severity.INFO, "m" + id, Map.of());
    }

    @Test
    void takeHandsOutEventsInOrder() throws InterruptedException {
        Subscription s = new Subscription("t", TopicFilter.ALL, 4, x -> {});
        s.offer(event(1));
        s.offer(event(2));
        assertThat(s.take()).isEqualTo(event(1));
        assertThat(s.take()).isEqualTo(event(2));
    }

    @Test
    void closeWakesAWaitingTakeWithNull() throws Exception {
        Subscription s = new Subscription("t", TopicFilter.ALL, 4, x -> {});
        CompletableFuture<Event> taken = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                taken.complete(s.take());
            } catch (InterruptedException e) {
                taken.completeExceptionally(e);
            }
        });
        // Let the waiter block first; the assertion holds either way, this only exercises the wake-up.
        while (waiter.getState() != Thread.State.WAITING && !taken.isDone()) {
            Thread.onSpinWait();
        }
        s.close();
        assertThat(taken.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(s.backlog()).isZero();
        assertThat(s.take()).isNull();
    }

    @Test
    void closeWithAFullMailboxStillEndsTheTaker() throws InterruptedException {
        Subscription s = new Subscription("t", TopicFilter.ALL, 1, x -> {});
        s.offer(event(1));
        s.close();
        assertThat(s.take()).isNull();
        assertThat(s.poll(Duration.ZERO)).isNull();
    }
}
