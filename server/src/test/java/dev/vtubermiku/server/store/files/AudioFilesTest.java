package dev.vtubermiku.server.store.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sealed audio format: round trips at every chunk boundary, and a wrong key, a changed byte or a cut file never read as audio. */
class AudioFilesTest {

    static final DataKey KEY = DataKey.of("correct horse battery staple");
    static final DataKey OTHER = DataKey.of("another key of enough length");

    @TempDir
    Path dir;

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void sealedFilesRoundTripAtEveryChunkBoundaryAndHoldNoPlaintext() throws IOException {
        AudioFiles files = new AudioFiles(KEY);
        int c = SealedFiles.CHUNK;
        for (int n : new int[] {0, 1, 1000, c - 1, c, c + 1, 3 * c, 3 * c + 7}) {
            byte[] plain = random(n);
            Path file = dir.resolve("f" + n + ".wav");
            files.write(file, plain);
            byte[] stored = Files.readAllBytes(file);
            assertThat(AudioFiles.sealedWith(file)).as("size %d", n).hasValueSatisfying(id -> assertThat(id).isEqualTo(KEY.id()));
            // header + one 16-byte tag per chunk (an exact multiple still ends in a full, flagged chunk)
            int chunks = Math.max(1, (n + c - 1) / c);
            assertThat(stored).hasSize(SealedFiles.HEADER + n + 16 * chunks);
            if (n >= 16) {
                assertThat(indexOf(stored, Arrays.copyOf(plain, 16))).as("plaintext on disk").isEqualTo(-1);
            }
            assertThat(files.readAllBytes(file)).as("size %d", n).isEqualTo(plain);
            try (InputStream in = files.open(file)) { // byte by byte, too
                for (byte b : plain) {
                    assertThat((byte) in.read()).isEqualTo(b);
                }
                assertThat(in.read()).isEqualTo(-1);
            }
        }
        assertThat(dir.resolve("f0.wav.part")).doesNotExist();
    }

    @Test
    void plainFilesAreReadAsTheyAreWithOrWithoutAKey() throws IOException {
        byte[] wav = random(5000);
        wav[0] = 'R';
        Path file = dir.resolve("plain.wav");
        AudioFiles.plain().write(file, wav);
        assertThat(Files.readAllBytes(file)).isEqualTo(wav);
        assertThat(AudioFiles.sealedWith(file)).isEmpty();
        assertThat(new AudioFiles(KEY).readAllBytes(file)).isEqualTo(wav);
    }

    @Test
    void aWrongOrMissingKeyIsToldApartFromDamage() throws IOException {
        Path file = dir.resolve("a.wav");
        new AudioFiles(KEY).write(file, random(100_000));
        assertThatThrownBy(() -> new AudioFiles(OTHER).readAllBytes(file)).isInstanceOf(DataKeyException.class)
                .hasMessageContaining("another key").hasMessageContaining(KEY.idHex())
                .hasMessageNotContaining("correct horse");
        assertThatThrownBy(() -> AudioFiles.plain().readAllBytes(file)).isInstanceOf(DataKeyException.class)
                .hasMessageContaining("set DATA_KEY");
    }

    @Test
    void aChangedByteADroppedChunkOrACutFileFailsToOpen() throws IOException {
        Path file = dir.resolve("a.wav");
        AudioFiles files = new AudioFiles(KEY);
        byte[] plain = random(3 * SealedFiles.CHUNK + 100);
        files.write(file, plain);
        byte[] sealed = Files.readAllBytes(file);

        byte[] flipped = sealed.clone();
        flipped[SealedFiles.HEADER + 70_000] ^= 1;
        assertDamaged(flipped);
        byte[] header = sealed.clone();
        header[SealedFiles.HEADER - 10] ^= 1; // the salt: a different file key
        assertDamaged(header);
        int chunk = SealedFiles.CHUNK + 16;
        assertDamaged(Arrays.copyOf(sealed, SealedFiles.HEADER + 3 * chunk)); // last chunk dropped, cut on a boundary
        assertDamaged(Arrays.copyOf(sealed, sealed.length - 1));
        byte[] swapped = sealed.clone(); // chunks 0 and 1 swapped
        System.arraycopy(sealed, SealedFiles.HEADER + chunk, swapped, SealedFiles.HEADER, chunk);
        System.arraycopy(sealed, SealedFiles.HEADER, swapped, SealedFiles.HEADER + chunk, chunk);
        assertDamaged(swapped);
    }

    @Test
    void plaintextCopiesForTheTrainerAreDeletedWithTheirFolder() throws IOException {
        AudioFiles files = new AudioFiles(KEY);
        byte[] plain = random(2000);
        files.write(dir.resolve("clip.wav"), plain);
        Path copies = dir.resolve("run/dataset/wavs");
        Files.createDirectories(copies);
        files.copyPlain(dir.resolve("clip.wav"), copies.resolve("clip.wav"));
        assertThat(Files.readAllBytes(copies.resolve("clip.wav"))).isEqualTo(plain);
        AudioFiles.deleteTree(copies);
        assertThat(copies).doesNotExist();
        assertThat(dir.resolve("clip.wav")).exists();
    }

    @Test
    void theKeyIsNeverShownAndShortKeysAreRefused() {
        assertThat(KEY.toString()).doesNotContain("correct").contains(KEY.idHex());
        assertThat(KEY.idHex()).isNotEqualTo(OTHER.idHex()).isEqualTo(DataKey.of("correct horse battery staple").idHex());
        assertThatThrownBy(() -> DataKey.of("short")).isInstanceOf(DataKeyException.class).hasMessageNotContaining("short");
    }

    private void assertDamaged(byte[] bytes) throws IOException {
        Path file = dir.resolve("damaged.wav");
        Files.write(file, bytes);
        assertThatThrownBy(() -> new AudioFiles(KEY).readAllBytes(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged.wav");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
