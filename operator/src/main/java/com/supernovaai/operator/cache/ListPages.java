package com.supernovaai.operator.cache;

/**
 * Informers list in pages of {@link #SIZE} objects (client-go's reflector uses the same), so that a
 * start or a relist parses one page's answer at a time, not a whole kind's while the caches already
 * hold the rest. Measured at 1000 stacks (e2e/bench/HISTORY.md): unpaged, a restart peaked at
 * 479-482 MiB RSS and ran out of a 256 MiB heap; paged, 341-356 MiB under heaps of 195-256 MiB.
 *
 * <p>The cost: a paged list is a consistent read, not one from the API server's watch cache, and
 * every stack is reconciled a second time right after a start (0 writes): JOSDK starts its event
 * processor before the last informer's initial add events are delivered.
 */
public final class ListPages {

  public static final long SIZE = 500;

  private ListPages() {}
}
