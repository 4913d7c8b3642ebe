package dev.vtubermiku.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ServiceMonitorTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<ServiceMonitor.Current> changes = new ArrayList<>();

    @Test
    void everyServiceStartsAsStartingUntilItsProbeRan() {
        FakeProbe db = new FakeProbe(ServiceId.DB, () -> ServiceHealth.ok(ServiceId.DB, "fine"));
        ServiceMonitor monitor = monitor(db);

        assertThat(monitor.snapshot()).extracting(c -> c.health().service())
                .containsExactly(java.util.Arrays.stream(ServiceId.values()).filter(id -> !id.optional()).toArray(ServiceId[]::new));
        assertThat(monitor.snapshot()).allSatisfy(c -> {
            assertThat(c.health().state()).isEqualTo(ServiceState.STARTING);
            assertThat(c.since()).isEqualTo(T0);
        });
        assertThat(monitor.get(ServiceId.DB).health().detail()).isEqualTo("checking");
        assertThat(monitor.get(ServiceId.LLM).health().detail()).isEqualTo("no probe registered");
        assertThat(db.calls.get()).isZero();
    }

    @Test
    void anOptionalServiceIsListedFromItsFirstFindingUntilItIsForgotten() {
        ServiceMonitor monitor = monitor();
        assertThat(monitor.snapshot()).extracting(c -> c.health().service()).doesNotContain(ServiceId.TWITCH);
        assertThat(monitor.get(ServiceId.TWITCH).health().detail()).isEqualTo("not configured");

        monitor.record(ServiceHealth.ok(ServiceId.TWITCH, "reading #miku"));
        assertThat(monitor.snapshot()).extracting(c -> c.health().service()).endsWith(ServiceId.TWITCH);
        assertThat(monitor.get(ServiceId.TWITCH).health().detail()).isEqualTo("reading #miku");

        monitor.forget(ServiceId.TWITCH);
        assertThat(monitor.snapshot()).extracting(c -> c.health().service()).doesNotContain(ServiceId.TWITCH);
        assertThat(changes).hasSize(2); // recorded, then forgotten: both are news for status
        monitor.forget(ServiceId.TWITCH);
        assertThat(changes).hasSize(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> monitor.forget(ServiceId.DB))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkAllRunsEveryProbeAndRecordsWhatItFound() {
        FakeProbe db = new FakeProbe(ServiceId.DB, () -> ServiceHealth.ok(ServiceId.DB, "fine"));
        FakeProbe llm = new FakeProbe(ServiceId.LLM,
                () -> ServiceHealth.degraded(ServiceId.LLM, "slow", "check the network"));
        ServiceMonitor monitor = monitor(db, llm);
        clock.advance(Duration.ofSeconds(1));

        monitor.checkAll();

        assertThat(db.calls.get()).isEqualTo(1);
        assertThat(llm.calls.get()).isEqualTo(1);
        assertThat(monitor.get(ServiceId.DB)).isEqualTo(
                new ServiceMonitor.Current(ServiceHealth.ok(ServiceId.DB, "fine"), T0.plusSeconds(1)));
        assertThat(monitor.get(ServiceId.LLM).health().state()).isEqualTo(ServiceState.DEGRADED);
        assertThat(monitor.get(ServiceId.LLM).health().fix()).isEqualTo("check the network");
        assertThat(monitor.get(ServiceId.TTS).health().state()).isEqualTo(ServiceState.STARTING);
    }

    @Test
    void listenersHearEachChangeOnceAndNothingWhenTheResultStaysTheSame() {
        FakeProbe db = new FakeProbe(ServiceId.DB, () -> ServiceHealth.ok(ServiceId.DB, "fine"));
        ServiceMonitor monitor = monitor(db);

        monitor.checkAll();
        monitor.checkAll();
        monitor.checkAll();

        assertThat(db.calls.get()).isEqualTo(3);
        assertThat(changes).extracting(c -> c.health().state()).containsExactly(ServiceState.OK);

        db.result = () -> ServiceHealth.unavailable(ServiceId.DB, "file locked", "close the other program");
        monitor.checkAll();
        monitor.checkAll();
        db.result = () -> ServiceHealth.ok(ServiceId.DB, "fine");
        monitor.checkAll();

        assertThat(changes).extracting(c -> c.health().state())
                .containsExactly(ServiceState.OK, ServiceState.UNAVAILABLE, ServiceState.OK);
    }

    @Test
    void aNewDetailInTheSameStateIsAChangeButKeepsSince() {
        FakeProbe db = new FakeProbe(ServiceId.DB, () -> ServiceHealth.ok(ServiceId.DB, "12 MB"));
        ServiceMonitor monitor = monitor(db);
        clock.advance(Duration.ofSeconds(5));
        monitor.checkAll();
        Instant okSince = clock.instant();

        clock.advance(Duration.ofMinutes(1));
        monitor.checkAll();
        assertThat(monitor.get(ServiceId.DB).since()).isEqualTo(okSince);

        clock.advance(Duration.ofMinutes(1));
        db.result = () -> ServiceHealth.ok(ServiceId.DB, "13 MB");
        monitor.checkAll();

        assertThat(monitor.get(ServiceId.DB).health().detail()).isEqualTo("13 MB");
        assertThat(monitor.get(ServiceId.DB).since()).as("still OK since the first check").isEqualTo(okSince);
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).since()).isEqualTo(okSince);

        clock.advance(Duration.ofMinutes(1));
        db.result = () -> ServiceHealth.degraded(ServiceId.DB, "13 MB, slow disk", "check the disk");
        monitor.checkAll();

        assertThat(monitor.get(ServiceId.DB).since()).isEqualTo(clock.instant());
        assertThat(changes).hasSize(3);
    }

    @Test
    void aThrowingProbeMakesItsServiceUnavailable() {
        FakeProbe db = new FakeProbe(ServiceId.DB, () -> {
            throw new IllegalStateException("driver missing");
        });
        ServiceMonitor monitor = monitor(db);

        monitor.checkAll();

        assertThat(monitor.get(ServiceId.DB).health()).isEqualTo(new ServiceHealth(ServiceId.DB,
                ServiceState.UNAVAILABLE, "check failed: driver missing", "see the log for details"));
        assertThat(changes).hasSize(1);

        monitor.checkAll();
        assertThat(changes).as("the same failure again is no change").hasSize(1);
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthers() {
        FakeProbe db = new FakeProbe(ServiceId.DB, () -> ServiceHealth.ok(ServiceId.DB, "fine"));
        ServiceMonitor monitor = new ServiceMonitor(List.of(db), clock, scheduler.proxy());
        monitor.onChange(c -> {
            throw new IllegalStateException("listener failed");
        });
        monitor.onChange(changes::add);

        monitor.checkAll();

        assertThat(changes).hasSize(1);
        assertThat(monitor.get(ServiceId.DB).health().state()).isEqualTo(ServiceState.OK);
    }

    @Test
    void findingsMadeElsewhereAreRecordedLikeProbeResults() {
        ServiceMonitor monitor = monitor();
        clock.advance(Duration.ofSeconds(3));

        monitor.record(ServiceHealth.unavailable(ServiceId.TTS, "voice failed to load", "pull the voice again"));
        monitor.record(ServiceHealth.unavailable(ServiceId.TTS, "voice failed to load", "pull the voice again"));

        assertThat(monitor.get(ServiceId.TTS).health().detail()).isEqualTo("voice failed to load");
        assertThat(monitor.get(ServiceId.TTS).since()).isEqualTo(T0.plusSeconds(3));
        assertThat(changes).hasSize(1);
    }

    @Test
    void startSchedulesEachProbeAtOnceAndThenOnItsInterval() {
        FakeProbe db = new FakeProbe(ServiceId.DB, () -> ServiceHealth.ok(ServiceId.DB, "fine"));
        db.interval = Duration.ofSeconds(30);
        FakeProbe vad = new FakeProbe(ServiceId.VAD, () -> ServiceHealth.ok(ServiceId.VAD, "loaded"));
        vad.interval = Duration.ZERO;
        ServiceMonitor monitor = monitor(db, vad);

        monitor.start();

        assertThat(scheduler.periodic).extracting(ManualScheduler.Periodic::initialDelayMillis).containsOnly(0L);
        assertThat(scheduler.periodic).extracting(ManualScheduler.Periodic::delayMillis)
                .as("a zero interval is clamped so the probe cannot spin")
                .containsExactlyInAnyOrder(30_000L, 1L);
        assertThat(db.calls.get()).as("nothing runs until the scheduler runs it").isZero();

        scheduler.runPeriodic();
        scheduler.runPeriodic();

        assertThat(db.calls.get()).isEqualTo(2);
        assertThat(vad.calls.get()).isEqualTo(2);
        assertThat(monitor.get(ServiceId.VAD).health().state()).isEqualTo(ServiceState.OK);
    }

    @Test
    void refreshChecksOneServiceOnTheScheduler() {
        FakeProbe db = new FakeProbe(ServiceId.DB, () -> ServiceHealth.ok(ServiceId.DB, "fine"));
        FakeProbe llm = new FakeProbe(ServiceId.LLM, () -> ServiceHealth.ok(ServiceId.LLM, "reachable"));
        ServiceMonitor monitor = monitor(db, llm);

        monitor.refresh(ServiceId.LLM);
        monitor.refresh(ServiceId.STT); // no probe: nothing to do
        assertThat(scheduler.once).hasSize(1);
        assertThat(llm.calls.get()).isZero();

        scheduler.runOnce();

        assertThat(llm.calls.get()).isEqualTo(1);
        assertThat(db.calls.get()).isZero();
        assertThat(monitor.get(ServiceId.LLM).health().state()).isEqualTo(ServiceState.OK);
    }

    private ServiceMonitor monitor(ServiceProbe... probes) {
        ServiceMonitor monitor = new ServiceMonitor(List.of(probes), clock, scheduler.proxy());
        monitor.onChange(changes::add);
        return monitor;
    }

    private static final class FakeProbe implements ServiceProbe {
        private final ServiceId service;
        private final AtomicInteger calls = new AtomicInteger();
        private volatile Supplier<ServiceHealth> result;
        private volatile Duration interval = Duration.ofSeconds(10);

        FakeProbe(ServiceId service, Supplier<ServiceHealth> result) {
            this.service = service;
            this.result = result;
        }

        @Override
        public ServiceId service() {
            return service;
        }

        @Override
        public Duration interval() {
            return interval;
        }

        @Override
        public ServiceHealth check() {
            calls.incrementAndGet();
            return result.get();
        }
    }

    private static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * Records what the monitor hands to its scheduler and runs it only when the test says so. Only
     * the two methods the monitor uses are supported.
     */
    private static final class ManualScheduler {
        record Periodic(Runnable task, long initialDelayMillis, long delayMillis) {}

        final List<Periodic> periodic = new ArrayList<>();
        final List<Runnable> once = new ArrayList<>();

        ScheduledExecutorService proxy() {
            return (ScheduledExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ScheduledExecutorService.class}, (p, method, args) -> {
                        switch (method.getName()) {
                            case "scheduleWithFixedDelay" -> {
                                TimeUnit unit = (TimeUnit) args[3];
                                periodic.add(new Periodic((Runnable) args[0], unit.toMillis((long) args[1]),
                                        unit.toMillis((long) args[2])));
                                return null;
                            }
                            case "execute" -> {
                                once.add((Runnable) args[0]);
                                return null;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }

        void runPeriodic() {
            periodic.forEach(p -> p.task().run());
        }

        void runOnce() {
            List<Runnable> due = List.copyOf(once);
            once.clear();
            due.forEach(Runnable::run);
        }
    }

    @Test
    void anOptionalServiceWithAProbeIsReportedFromTheStart() {
        ServiceMonitor without = monitor(new FakeProbe(ServiceId.DB, () -> ServiceHealth.ok(ServiceId.DB, "fine")));
        assertThat(without.snapshot()).extracting(c -> c.health().service()).doesNotContain(ServiceId.VTS, ServiceId.OBS);

        ServiceMonitor with = monitor(new FakeProbe(ServiceId.VTS, () -> ServiceHealth.ok(ServiceId.VTS, "connected")));
        assertThat(with.snapshot()).extracting(c -> c.health().service()).contains(ServiceId.VTS).doesNotContain(ServiceId.OBS);
        with.checkAll();
        assertThat(with.get(ServiceId.VTS).health().state()).isEqualTo(ServiceState.OK);
    }
}
