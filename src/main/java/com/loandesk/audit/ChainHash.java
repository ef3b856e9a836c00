package com.loandesk.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** The hashes of the chain, pure functions shared by the sealer, the purge's bookkeeping and the verifier. */
public final class ChainHash {

    /** The hash before the first block. */
    public static final byte[] GENESIS = new byte[32];

    private ChainHash() {
    }

    /**
     * A block's digest: sha256 of its rows' canonical texts (see {@link ChainedTable}) in id order, each followed by a
     * newline, in UTF-8.
     */
    public static byte[] digest(java.util.List<String> canonicalInIdOrder) {
        MessageDigest md = sha256();
        for (String c : canonicalInIdOrder) {
            md.update(c.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
        }
        return md.digest();
    }

    /**
     * A block's link: sha256 over the previous block's hash and every field of this block, so no field of a block
     * and no block of the chain can change without every later link changing.
     */
    public static byte[] link(byte[] previous, String chain, long blockNo, long firstId, long lastId, int rowCount,
                              Instant maxAt, byte[] digest, Instant sealedAt) {
        MessageDigest md = sha256();
        md.update(previous);
        md.update(chain.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        ByteBuffer fields = ByteBuffer.allocate(8 * 5 + 4);
        fields.putLong(blockNo).putLong(firstId).putLong(lastId).putInt(rowCount)
                .putLong(maxAt == null ? Long.MIN_VALUE : micros(maxAt)).putLong(micros(sealedAt));
        md.update(fields.array());
        md.update(digest);
        return md.digest();
    }

    /** Microseconds since the epoch: PostgreSQL's precision, so a time read back hashes the same. */
    public static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    /** An empty block's digest: sha256 of nothing. */
    public static byte[] emptyDigest() {
        return sha256().digest();
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
