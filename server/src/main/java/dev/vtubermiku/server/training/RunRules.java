package dev.vtubermiku.server.training;

import dev.vtubermiku.protocol.TrainRequest;
import dev.vtubermiku.server.character.Characters;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.models.ModelCatalog;
import dev.vtubermiku.server.models.ModelEntry;
import dev.vtubermiku.server.models.ModelKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What a training request may ask for: each field checked, defaults filled, the base checkpoint found. */
final class RunRules {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,40}");
    private static final Pattern ESPEAK = Pattern.compile("[a-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}");

    private final Characters characters;
    private final Supplier<Settings> settings;
    private final ModelCatalog catalog;

    RunRules(Characters characters, Supplier<Settings> settings, ModelCatalog catalog) {
        this.characters = characters;
        this.settings = settings;
        this.catalog = catalog;
    }

    /** The run's parameters, clip count and audio length not yet known (0). */
    RunParams validate(TrainRequest r) {
        String name = r.name() == null ? "" : r.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw new VoiceException(VoiceException.Kind.INVALID, "name", "must be 1-40 letters, digits or _ (it names the voice file)");
        }
        Long characterId = r.characterId();
        if (characterId != null && characters.find(characterId).isEmpty()) {
            throw new VoiceException(VoiceException.Kind.NOT_FOUND, "character_id", "There is no character with id " + characterId + ".");
        }
        int epochs = r.epochs() == null ? 100 : r.epochs();
        if (epochs < 1 || epochs > 100_000) {
            throw new VoiceException(VoiceException.Kind.INVALID, "epochs", "must be between 1 and 100000");
        }
        int batch = r.batchSize() == null ? 16 : r.batchSize();
        if (batch < 1 || batch > 512) {
            throw new VoiceException(VoiceException.Kind.INVALID, "batch_size", "must be between 1 and 512");
        }
        String quality = r.quality() == null ? "medium" : r.quality();
        if (!TrainRequest.QUALITIES.contains(quality)) {
            throw new VoiceException(VoiceException.Kind.INVALID, "quality", "must be one of " + String.join(", ", TrainRequest.QUALITIES));
        }
        String espeak = r.espeakVoice() == null ? "en-us" : r.espeakVoice().strip();
        if (!ESPEAK.matcher(espeak).matches()) {
            throw new VoiceException(VoiceException.Kind.INVALID, "espeak_voice", "must be an espeak-ng voice such as en-us or de");
        }
        Path base = baseCheckpoint(r.baseCheckpoint());
        // --ckpt_path restores the checkpoint's epoch counter, so the run must know it to set max_epochs.
        if (base != null && LightningLayout.epochAfter(base).isEmpty()) {
            throw new VoiceException(VoiceException.Kind.UNPROCESSABLE, "base_checkpoint", "the checkpoint's file name must carry "
                    + "its epoch (epoch=N, as rhasspy/piper-checkpoints names them): the trainer continues counting from it. "
                    + "Rename " + base.getFileName() + " accordingly.");
        }
        int baseEpoch = base == null ? 0 : LightningLayout.epochAfter(base).orElseThrow();
        String speaker = r.speaker() == null || r.speaker().isBlank() ? null : r.speaker().strip();
        return new RunParams(name, characterId, base == null ? null : base.toString(), epochs, batch, quality, espeak, speaker,
                baseEpoch, 0, 0);
    }

    private @Nullable Path baseCheckpoint(@Nullable String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        Path folder = settings.get().modelsDir().resolve(ModelKind.CHECKPOINT.folder());
        Optional<ModelEntry> entry = catalog.find(given).filter(e -> e.kind() == ModelKind.CHECKPOINT);
        if (entry.isPresent()) {
            Path file = folder.resolve(entry.get().files().getFirst().file());
            if (!Files.isRegularFile(file)) {
                throw new VoiceException(VoiceException.Kind.UNPROCESSABLE, "base_checkpoint", "checkpoint " + given
                        + " is not downloaded yet: run ./vtuber models pull " + entry.get().name());
            }
            return file.toAbsolutePath().normalize();
        }
        Path direct = given.contains("/") ? Path.of(given) : folder.resolve(given);
        if (!given.endsWith(".ckpt") || !Files.isRegularFile(direct)) {
            throw new VoiceException(VoiceException.Kind.UNPROCESSABLE, "base_checkpoint", "names no checkpoint: give a catalog "
                    + "name (GET /api/models, kind checkpoints) or the path of a .ckpt file");
        }
        return direct.toAbsolutePath().normalize();
    }
}
