package dev.hooky.runtime.inbox;

/**
 * A 128-bit hash of an id, as two independently seeded 64-bit hashes of its characters: what
 * {@link RecentEventIds} keeps instead of the id itself. If the hash behaves like a random one, any
 * two of the 100,000 ids kept by default share it with a probability of about 10<sup>-29</sup> (a
 * shared hash would make a new event look like a duplicate). It is not a cryptographic hash, but
 * the ids come from signed requests: nobody can choose them to collide without the signing key.
 * Allocates nothing.
 */
final class IdHash {
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  static final long SEED_HIGH = 0x9e3779b97f4a7c15L;
  static final long SEED_LOW = 0xc2b2ae3d27d4eb4fL;

  private IdHash() {}

  /** The 64-bit hash of {@code id}'s characters under {@code seed}: a block-wise multiply-mix. */
  static long hash(String id, long seed) {
    int length = id.length();
    long h = seed ^ (length * C2);
    int i = 0;
    for (; i + 4 <= length; i += 4) {
      long block = id.charAt(i) | (long) id.charAt(i + 1) << 16
          | (long) id.charAt(i + 2) << 32 | (long) id.charAt(i + 3) << 48;
      h = round(h, block);
    }
    if (i < length) {
      long block = 0;
      for (int shift = 0; i < length; i++, shift += 16) {
        block |= (long) id.charAt(i) << shift;
      }
      h = round(h, block ^ 0xffL << 56); // a short tail never hashes like a full block
    }
    return mix(h ^ length);
  }

  private static long round(long h, long block) {
    long k = block * C1;
    k = Long.rotateLeft(k, 31);
    k *= C2;
    h ^= k;
    h = Long.rotateLeft(h, 27);
    return h * 5 + 0x52dce729;
  }

  /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
