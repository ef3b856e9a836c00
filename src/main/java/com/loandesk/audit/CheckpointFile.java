package com.loandesk.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A checkpoint as a small text file, signed with HMAC-SHA256 under a key from the environment
 * ({@value #KEY_ENV}): a line per chain head, then the signature over every byte before it.
 * <pre>
 * loandesk chain checkpoint v1
 * at=2026-12-01T00:00:05.123456Z
 * reason=daily
 * chain=case_history block=123 sealed_to=456789 hash=…64 hex…
 * hmac-sha256=…64 hex…
 * </pre>
 */
public final class CheckpointFile {

    /** Env: the key checkpoint files are signed with (at least 32 characters). */
    public static final String KEY_ENV = "LOANDESK_CHECKPOINT_KEY";
    static final String MAGIC = "loandesk chain checkpoint v1";
    private static final String SIGNATURE = "hmac-sha256=";

    private CheckpointFile() {
    }

    /** The key from {@code env}, or null when it is not set; refuses one shorter than 32 characters. */
    public static byte[] key(java.util.Map<String, String> env) {
        String k = env.get(KEY_ENV);
        if (k == null || k.isEmpty()) {
            return null;
        }
        if (k.length() < 32) {
            throw new IllegalArgumentException(KEY_ENV + " must be at least 32 characters, was " + k.length());
        }
        return k.getBytes(StandardCharsets.UTF_8);
    }

    public static String render(Checkpoint c, byte[] key) {
        StringBuilder body = new StringBuilder(MAGIC).append('\n')
                .append("at=").append(c.at()).append('\n')
                .append("reason=").append(c.reason()).append('\n');
        for (Checkpoint.Head h : c.heads()) {
            body.append(line(h)).append('\n');
        }
        return body + SIGNATURE + hmac(key, body.toString()) + "\n";
    }

    static String line(Checkpoint.Head h) {
        return "chain=" + h.chain() + " block=" + h.blockNo() + " sealed_to=" + h.sealedTo() + " hash=" + ChainHash.hex(h.hash());
    }

    /** Reads a file's text; fails naming what is wrong when it is not a checkpoint or its signature does not match. */
    public static Checkpoint parse(String text, byte[] key) {
        int sig = text.lastIndexOf(SIGNATURE);
        if (!text.startsWith(MAGIC + "\n") || sig < 0) {
            throw new IllegalArgumentException("not a checkpoint file (no '" + MAGIC + "' header or no signature line)");
        }
        String body = text.substring(0, sig);
        String given = text.substring(sig + SIGNATURE.length()).trim();
        if (!MessageDigest.isEqual(hmac(key, body).getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("the signature does not match (the file was changed, or signed with another key)");
        }
        Instant at = null;
        String reason = null;
        List<Checkpoint.Head> heads = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("at=")) {
                at = Instant.parse(line.substring(3));
            } else if (line.startsWith("reason=")) {
                reason = line.substring(7);
            } else if (line.startsWith("chain=")) {
                String[] f = line.split(" ");
                heads.add(new Checkpoint.Head(value(f[0], "chain"), Long.parseLong(value(f[1], "block")),
                        HexFormat.of().parseHex(value(f[3], "hash")), Long.parseLong(value(f[2], "sealed_to"))));
            }
        }
        return new Checkpoint(at, reason, heads);
    }

    private static String value(String field, String name) {
        if (!field.startsWith(name + "=")) {
            throw new IllegalArgumentException("a chain line's field " + field + " is not " + name + "=…");
        }
        return field.substring(name.length() + 1);
    }

    static String hmac(byte[] key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return ChainHash.hex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
