package dev.vtubermiku.server.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.protocol.VoiceFrames;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The fan-out of her frames: the setting chooses who hears her; a stalled listener costs only itself frames. */
class VoiceListenersTest {

    private final AtomicReference<VoiceListeners.Playback> playback = new AtomicReference<>(VoiceListeners.Playback.DESKTOP);
    private final VoiceListeners listeners = new VoiceListeners(playback::get, Thread.ofVirtual().factory());

    private static VoiceFrames.AudioFrame frame(UUID turn, long seq) {
        return new VoiceFrames.AudioFrame(turn, seq, 0, 22_050, 0, new short[441]);
    }

    /** A listener that keeps the turn ids and seqs of what it is sent. */
    private static final class Ear implements VoiceListeners.Sender {
        final List<Long> seqs = new CopyOnWriteArrayList<>();

        @Override
        public void send(byte[] frame, java.util.function.BooleanSupplier wanted) {
            if (wanted.getAsBoolean()) {
                seqs.add(VoiceFrames.decode(java.nio.ByteBuffer.wrap(frame)).seq());
            }
        }

        void await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seqs.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
    }

    @Test
    void aListenerThatNeverTakesItsFramesDelaysNeitherTheSpeakerNorTheOthers() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        VoiceListeners.Listener stalled = listeners.listen(VoiceListeners.Role.DESKTOP, (frame, wanted) -> never.await());
        Ear ear = new Ear();
        listeners.listen(VoiceListeners.Role.DESKTOP, ear);
        UUID turn = UUID.randomUUID();
        int n = VoiceListeners.QUEUE_FRAMES * 4;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            listeners.audio(frame(turn, i));
            ear.await(i + 1); // the one that reads keeps up, frame by frame
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(ear.seqs).hasSize(n);
        assertThat(stalled.dropped()).as("its queue full, the rest dropped and counted")
                .isEqualTo(n - VoiceListeners.QUEUE_FRAMES - 1L);
        never.countDown();
    }

    @Test
    void thePlaybackSettingChoosesTheRolesThatHearHer() throws Exception {
        Ear desktop = new Ear();
        Ear overlay = new Ear();
        listeners.listen(VoiceListeners.Role.DESKTOP, desktop);
        listeners.listen(VoiceListeners.Role.OVERLAY, overlay);
        UUID turn = UUID.randomUUID();
        listeners.audio(frame(turn, 0));
        playback.set(VoiceListeners.Playback.OVERLAY);
        listeners.audio(frame(turn, 1));
        playback.set(VoiceListeners.Playback.BOTH);
        listeners.audio(frame(turn, 2));
        desktop.await(2);
        overlay.await(2);
        assertThat(desktop.seqs).containsExactly(0L, 2L);
        assertThat(overlay.seqs).containsExactly(1L, 2L);
    }

    @Test
    void noFrameOfACutTurnIsSentEvenOneAlreadyQueued() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch sending = new CountDownLatch(1);
        Ear ear = new Ear();
        listeners.listen(VoiceListeners.Role.DESKTOP, (frame, wanted) -> {
            sending.countDown();
            held.await(); // the socket is slow: frames queue up behind this one
            ear.send(frame, wanted);
        });
        UUID cut = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        listeners.audio(frame(cut, 0));
        assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();
        listeners.audio(frame(cut, 1));
        listeners.cut(cut);
        listeners.audio(frame(cut, 2));
        listeners.audio(frame(next, 3));
        held.countDown();
        ear.await(1);
        Thread.sleep(100);
        assertThat(ear.seqs).as("frame 0 was being written when the turn was cut; checked under the write lock")
                .containsExactly(3L);
    }

    @Test
    void playbackAndRolesReadTheirWireNames() {
        assertThat(VoiceListeners.Playback.of(" Both ")).contains(VoiceListeners.Playback.BOTH);
        assertThat(VoiceListeners.Playback.of("speakers")).isEmpty();
        assertThat(VoiceListeners.Role.of("overlay")).contains(VoiceListeners.Role.OVERLAY);
        assertThat(VoiceListeners.Role.of("OVERLAY")).isEmpty();
    }
}
