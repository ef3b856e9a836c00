package com.loandesk.cases;

/**
 * The case references an import has seen so far, and the row of each, in bounded memory: a 64-bit hash of each
 * reference in an open-addressing table (12 bytes a case; a 1,000,000-row import holds about 24 MB). Two different
 * references share a hash with a probability of about n²/2^65 (3·10^-8 for a million rows); the second would then be
 * rejected as a repeat, and never written over the first.
 */
public final class CaseRefsSeen {

    private long[] hashes;
    private int[] rows;
    private int size;

    public CaseRefsSeen() {
        this(1 << 10);
    }

    CaseRefsSeen(int capacity) {
        hashes = new long[Integer.highestOneBit(Math.max(16, capacity - 1)) << 1];
        rows = new int[hashes.length];
    }

    /** Records {@code caseRef} at {@code row}; answers the row it was first seen at, or 0 when it is new. */
    public int putIfAbsent(String caseRef, int row) {
        if (size * 2 >= hashes.length) {
            grow();
        }
        long h = hash(caseRef);
        int mask = hashes.length - 1;
        for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (rows[i] == 0) {
                hashes[i] = h;
                rows[i] = row;
                size++;
                return 0;
            }
            if (hashes[i] == h) {
                return rows[i];
            }
        }
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldRows = rows;
        hashes = new long[oldHashes.length * 2];
        rows = new int[hashes.length];
        int mask = hashes.length - 1;
        for (int j = 0; j < oldHashes.length; j++) {
            if (oldRows[j] != 0) {
                long h = oldHashes[j];
                int i = (int) (h ^ (h >>> 32)) & mask;
                while (rows[i] != 0) {
                    i = (i + 1) & mask;
                }
                hashes[i] = h;
                rows[i] = oldRows[j];
            }
        }
    }

    /** FNV-1a over the characters, then a 64-bit finaliser (murmur3's fmix64) to spread the bits. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
