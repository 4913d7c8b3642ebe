package dev.vtubermiku.server.store;

import dev.vtubermiku.server.store.files.DataKey;
import java.nio.file.Path;

/** The converting JVM that {@link DataConversionTest} kills: prints each converted file, slowly. */
public final class DataConversionChild {

    private DataConversionChild() {}

    public static void main(String[] args) throws Exception {
        DataKey from = args[2].equals("-") ? null : DataKey.of(args[2]);
        DataKey to = args[3].equals("-") ? null : DataKey.of(args[3]);
        System.out.println("started");
        DataConversion.run(Path.of(args[0]), Path.of(args[1]), from, to, file -> {
            System.out.println("converted " + file.getFileName());
            System.out.flush();
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        System.out.println("done");
    }
}
