package com.supernovaai.operator.cache;

/**
 * Informers list in pages of {@link #SIZE} objects (client-go's reflector uses the same), so that a
 * start or a relist holds one page's response at a time, not a whole kind's: at 1000 stacks one
 * list of Secrets was 7000 objects, parsed while the caches already held the rest, and the
 * operator's resident memory right after a restart was 30 % above its converged size.
 */
public final class ListPages {

  public static final long SIZE = 500;

  private ListPages() {}
}
