package dev.vtubermiku.server.web;

import dev.vtubermiku.core.chat.UnknownCharacterException;
import dev.vtubermiku.core.voice.VoiceLoop;
import dev.vtubermiku.core.voice.VoiceSession;
import dev.vtubermiku.core.voice.VoiceSettings;
import dev.vtubermiku.protocol.ClientMessage;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.protocol.ServerReply;
import dev.vtubermiku.protocol.VoiceFrames;
import dev.vtubermiku.protocol.VoiceSessionInfo;
import dev.vtubermiku.server.speech.VoiceListeners;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The live voice socket: the audio half of {@code /ws}, beside the events of {@link EventSocket}
 * on the same connection. A client talks to her with {@code voice.start}, then binary messages of
 * microphone PCM, then {@code voice.stop}, and hears its own turns' audio back as binary
 * {@link VoiceFrames}; with {@code listen} (as overlay or desktop) it hears every utterance of hers
 * that {@code VOICE_PLAYBACK} routes to that role, until {@code unlisten}.
 */
final class LiveVoiceSocket {

    private final VoiceLoop voice;
    private final VoiceListeners listeners;

    LiveVoiceSocket(VoiceLoop voice, VoiceListeners listeners) {
        this.voice = voice;
        this.listeners = listeners;
    }

    /**
     * The voice side of one connected client, writing through its {@code writer}, answering with
     * {@code reply}; {@code gone} says whether the client has left (checked after each slow open).
     */
    Connection connect(SocketWriter writer, Consumer<ServerReply> reply, BooleanSupplier gone) {
        return new Connection(writer, reply, gone);
    }

    /** One client's voice session and its place among her listeners; each replaces its predecessor. */
    final class Connection {
        private final SocketWriter writer;
        private final Consumer<ServerReply> reply;
        private final BooleanSupplier gone;
        private volatile @Nullable VoiceSession session;
        private volatile boolean toldNoVoice;
        private volatile VoiceListeners.@Nullable Listener listener;

        private Connection(SocketWriter writer, Consumer<ServerReply> reply, BooleanSupplier gone) {
            this.writer = writer;
            this.reply = reply;
            this.gone = gone;
        }

        /** A new voice session replaces this client's old one (which stops as if the client had left). */
        void start(ClientMessage.VoiceStart start) {
            VoiceSession opened;
            try {
                opened = voice.open(start.characterId(), start.bargeIn(),
                        listeners.alsoTo(frame -> writer.sendBinary(VoiceFrames.encode(frame))));
            } catch (UnknownCharacterException e) {
                reply.accept(ServerReply.error(ChatProblems.problem(ChatProblems.of(e), "/ws")));
                return;
            }
            VoiceSession old = session;
            session = opened;
            toldNoVoice = false;
            if (old != null) {
                old.close();
            }
            if (gone.getAsBoolean()) {
                stopSession(); // the client left while it was being opened
                return;
            }
            VoiceSettings s = opened.settings();
            reply.accept(ServerReply.voiceStarted(new VoiceSessionInfo(opened.persona().id(), VoiceFrames.INPUT_SAMPLE_RATE,
                    s.endSilenceMs(), s.bargeIn())));
        }

        void stop() {
            stopSession();
            reply.accept(ServerReply.voiceStopped());
        }

        /** Her audio to this client from now on, as {@code as} (a new role replaces the old one). */
        void listen(ClientMessage.Listen l) {
            VoiceListeners.Role role = VoiceListeners.Role.of(l.as() == null ? "" : l.as()).orElseThrow(
                    () -> ProblemException.invalidParam("as", "must be overlay or desktop"));
            stopListening();
            listener = listeners.listen(role, writer::sendBinaryIf);
            if (gone.getAsBoolean()) {
                stopListening(); // the client left meanwhile
                return;
            }
            VoiceListeners.Playback now = listeners.playback();
            reply.accept(ServerReply.listenStarted(new ServerReply.ListenInfo(role.wire(), now.name().toLowerCase(Locale.ROOT),
                    now.includes(role))));
        }

        void unlisten() {
            stopListening();
            reply.accept(ServerReply.listenStopped());
        }

        /** A binary message: microphone PCM for the voice session. */
        void microphone(ByteBuffer bytes) {
            VoiceSession current = session;
            if (current == null) {
                if (!toldNoVoice) { // once, not fifty times a second
                    toldNoVoice = true;
                    reply.accept(ServerReply.error(new Problem(Problems.type("voice-not-started"), "No voice session", 409,
                            "Binary messages are microphone audio for a voice session: send {\"type\":\"voice.start\"} first.",
                            null, null, null)));
                }
                return;
            }
            float[] samples;
            try {
                samples = VoiceFrames.readPcm(bytes);
            } catch (IllegalArgumentException e) {
                reply.accept(ServerReply.error(new Problem(Problems.type("invalid-audio"), "Invalid audio frame", 400,
                        e.getMessage(), null, null, null)));
                return;
            }
            current.accept(samples);
        }

        /** The client left: its session stops and it hears her no more, without a reply. */
        void close() {
            stopSession();
            stopListening();
        }

        private void stopSession() {
            VoiceSession current = session;
            session = null;
            if (current != null) {
                current.close();
            }
        }

        private void stopListening() {
            VoiceListeners.Listener l = listener;
            listener = null;
            if (l != null) {
                l.close();
            }
        }
    }
}
