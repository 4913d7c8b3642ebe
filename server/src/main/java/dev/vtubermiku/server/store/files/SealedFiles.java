package dev.vtubermiku.server.store.files;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sealed file format, streamed in 64 KiB chunks so memory stays bounded for any file size.
 *
 * <pre>
 * header (36 bytes): "VTMSEAL" | version 1 | key id (8) | salt (16) | chunk size (int32)
 * chunks:            AES-256-GCM(chunk) + 16-byte tag, at least one, the last one shorter or flagged
 * </pre>
 * Each file has its own key, HMAC-SHA256(master, "file" | salt), so the chunk index is a safe nonce.
 * The tag of each chunk covers the header and a last-chunk flag: a changed byte, a reordered,
 * dropped or truncated chunk all fail to open, and the key id tells a wrong key from damage.
 */
public final class SealedFiles {

    static final byte[] MAGIC = "VTMSEAL".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER = MAGIC.length + 1 + 8 + 16 + 4;
    static final int CHUNK = 64 * 1024;
    private static final int TAG = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedFiles() {}

    /** The key id of a sealed file's first bytes, or empty when they are not a sealed header (plain audio). */
    public static Optional<byte[]> keyIdOf(byte[] head) {
        if (head.length < HEADER || !Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(head, MAGIC.length + 1, MAGIC.length + 9));
    }

    /** A stream that seals what is written to it into {@code out}; closing it writes the last chunk. */
    public static OutputStream sealing(OutputStream out, DataKey key) throws IOException {
        byte[] header = ByteBuffer.allocate(HEADER).put(MAGIC).put((byte) VERSION).put(key.id()).put(random(16))
                .putInt(CHUNK).array();
        out.write(header);
        return new Sealing(out, header, fileKey(key, header));
    }

    /**
     * A stream of the plaintext of a sealed file. Fails with {@link DataKeyException} when the file
     * was sealed under another key, with an {@link IOException} when it is damaged or truncated.
     */
    public static InputStream unsealing(InputStream in, DataKey key, String name) throws IOException {
        byte[] header = in.readNBytes(HEADER);
        byte[] id = keyIdOf(header).orElseThrow(() -> new IOException(name + " is not a sealed file"));
        if (header[MAGIC.length] != VERSION) {
            throw new IOException(name + " is sealed in format version " + header[MAGIC.length] + ", which this version cannot read");
        }
        if (!key.hasId(id)) {
            throw new DataKeyException(name + " was encrypted with another key (key id " + HexFormat.of().formatHex(id)
                    + ", DATA_KEY has " + key.idHex() + ")");
        }
        int chunk = ByteBuffer.wrap(header, HEADER - 4, 4).getInt();
        if (chunk != CHUNK) {
            throw new IOException(name + " is damaged (bad chunk size)");
        }
        return new Unsealing(new PushbackInputStream(in, 1), header, fileKey(key, header), name);
    }

    private static SecretKeySpec fileKey(DataKey key, byte[] header) {
        byte[] input = new byte[4 + 16];
        System.arraycopy("file".getBytes(StandardCharsets.US_ASCII), 0, input, 0, 4);
        System.arraycopy(header, MAGIC.length + 9, input, 4, 16);
        return new SecretKeySpec(key.hmac(input), "AES");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] header, long index, boolean last) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(TAG * 8, ByteBuffer.allocate(12).putLong(4, index).array()));
            c.updateAAD(header);
            c.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is missing", e);
        }
    }

    private static final class Sealing extends OutputStream {
        private final OutputStream out;
        private final byte[] header;
        private final SecretKeySpec key;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private long index;
        private boolean closed;

        Sealing(OutputStream out, byte[] header, SecretKeySpec key) {
            this.out = out;
            this.header = header;
            this.key = key;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == CHUNK) {
                    emit(false); // a full buffer is sent only once more data shows it is not the last
                }
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void emit(boolean last) throws IOException {
            try {
                out.write(cipher(Cipher.ENCRYPT_MODE, key, header, index++, last).doFinal(buffer, 0, filled));
            } catch (GeneralSecurityException e) {
                throw new IOException("sealing failed", e);
            }
            filled = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                emit(true);
                out.close();
            }
        }
    }

    private static final class Unsealing extends InputStream {
        private final PushbackInputStream in;
        private final byte[] header;
        private final SecretKeySpec key;
        private final String name;
        private byte[] plain = new byte[0];
        private int position;
        private long index;
        private boolean done;

        Unsealing(PushbackInputStream in, byte[] header, SecretKeySpec key, String name) {
            this.in = in;
            this.header = header;
            this.key = key;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (done) {
                    return -1;
                }
                next();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        private void next() throws IOException {
            byte[] sealed = in.readNBytes(CHUNK + TAG);
            if (sealed.length < TAG) {
                throw new EOFException(name + " is truncated");
            }
            boolean last = sealed.length < CHUNK + TAG;
            if (!last) {
                int peek = in.read();
                if (peek < 0) {
                    last = true;
                } else {
                    in.unread(peek);
                }
            }
            try {
                plain = cipher(Cipher.DECRYPT_MODE, key, header, index++, last).doFinal(sealed);
            } catch (AEADBadTagException e) {
                throw new IOException(name + " is damaged or truncated (its authentication tag does not match)");
            } catch (GeneralSecurityException e) {
                throw new IOException(name + " cannot be opened", e);
            }
            position = 0;
            done = last;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
