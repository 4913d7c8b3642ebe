package dev.vtubermiku.bench;

import dev.vtubermiku.server.store.CharacterDao;
import dev.vtubermiku.server.store.DataConversion;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.StoreBackup;
import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.server.store.files.DataKey;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * Encryption at rest (docs/DATA_AT_REST.md): AES-256-GCM sealing and opening throughput of audio
 * files, the cost of an encrypted database on single-row writes, {@code data encrypt} and
 * {@code backup} of a store with 160 MB of audio. Targets: sealing and opening at 25 MB/s or more (a
 * 100 MB upload, the largest by default, in 4 s), encrypted writes at most twice the plain cost, a
 * conversion at 10 MB/s or more.
 */
public final class DataAtRestBench {

    static final double MIN_MB_S = 25;
    static final double MAX_WRITE_RATIO = 2.0;
    static final double MIN_CONVERT_MB_S = 10;

    private DataAtRestBench() {}

    public static void main(String[] args) throws Exception {
        System.out.println("machine: " + Machine.current().describe() + "; load before: " + Machine.loadAverage());
        DataKey key = DataKey.of("benchmark key, not a secret");
        try (TempDir tmp = TempDir.create("vtuber-data-at-rest")) {
            // 1. sealing / opening a 256 MB file, streamed (64 KiB chunks)
            long size = 256L << 20;
            byte[] block = new byte[1 << 20];
            new Random(1).nextBytes(block);
            AudioFiles files = new AudioFiles(key);
            Path big = tmp.resolve("big.wav");
            files.write(big, out -> { // warm-up: 32 MB
                for (int i = 0; i < 32; i++) {
                    out.write(block);
                }
            });
            long t0 = System.nanoTime();
            files.write(big, out -> {
                for (long w = 0; w < size; w += block.length) {
                    out.write(block);
                }
            });
            double sealMbS = mb(size) / seconds(t0);
            byte[] sink = new byte[1 << 16];
            long t1 = System.nanoTime();
            long read = 0;
            try (InputStream in = files.open(big)) {
                for (int n; (n = in.read(sink)) > 0; ) {
                    read += n;
                }
            }
            double openMbS = mb(read) / seconds(t1);
            Files.delete(big);
            System.out.printf("seal (incl. write + fsync): %.0f MB/s, open (incl. read): %.0f MB/s, 256 MB file%n", sealMbS, openMbS);

            // 2. single-row writes, plain vs encrypted database
            double plainMs = writes(tmp.resolve("plain.db"), null);
            double encryptedMs = writes(tmp.resolve("enc.db"), key);
            double ratio = encryptedMs / plainMs;
            System.out.printf("1000 single-row writes: plain %.3f ms/write, encrypted %.3f ms/write (x%.2f)%n", plainMs, encryptedMs,
                    ratio);

            // 3. data encrypt and backup of a store: 2000 chats, 400 audio files of 400 KB (160 MB)
            Path db = tmp.resolve("store/vtuber.db");
            Path data = tmp.resolve("store/data");
            try (Database d = Database.open(db)) {
                for (int i = 0; i < 2000; i++) {
                    d.writeDao(CharacterDao.class).insert("c" + i, "profile", "kind", null, Instant.now());
                }
            }
            byte[] clip = new byte[400 * 1024];
            long audio = 0;
            for (int i = 0; i < 400; i++) {
                new Random(i).nextBytes(clip);
                AudioFiles.plain().write(data.resolve(AudioFiles.FOLDERS.get(i % 3)).resolve("f" + i + ".wav"), clip);
                audio += clip.length;
            }
            long total = audio + Files.size(db);
            long t2 = System.nanoTime();
            DataConversion.Result r = DataConversion.run(db, data, null, key, f -> {});
            double convertS = seconds(t2);
            double convertMbS = mb(total) / convertS;
            System.out.printf("data encrypt: %d files + database, %.0f MB in %.2f s (%.0f MB/s)%n", r.filesConverted(), mb(total),
                    convertS, convertMbS);
            long t3 = System.nanoTime();
            StoreBackup.Summary s = StoreBackup.backup(new StoreBackup.Location(db, data, tmp.resolve("store/models")), key,
                    tmp.resolve("backup.zip"));
            double backupS = seconds(t3);
            System.out.printf("backup (encrypted): %d files, %.0f MB archive in %.2f s%n", s.dataFiles(), mb(s.bytes()), backupS);

            System.out.println("load after: " + Machine.loadAverage());
            System.exit(new SummaryLine("data-at-rest").put("seal_mb_s", sealMbS).put("open_mb_s", openMbS).put("write_ratio", ratio)
                    .put("convert_mb_s", convertMbS).put("backup_s", backupS).target("seal_mb_s", sealMbS >= MIN_MB_S)
                    .target("open_mb_s", openMbS >= MIN_MB_S).target("write_ratio", ratio <= MAX_WRITE_RATIO)
                    .target("convert_mb_s", convertMbS >= MIN_CONVERT_MB_S).print());
        }
    }

    private static double writes(Path file, DataKey key) {
        try (Database d = Database.open(file, key)) {
            CharacterDao dao = d.writeDao(CharacterDao.class);
            for (int i = 0; i < 200; i++) { // warm-up
                dao.insert("w" + i, "p", "k", null, Instant.now());
            }
            long t = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                dao.insert("c" + i, "profile", "kind", null, Instant.now());
            }
            return (System.nanoTime() - t) / 1e6 / 1000;
        }
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
