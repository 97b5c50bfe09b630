package com.supernovaai.operator.reconciler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps reconciliations away from a stopping operator. JOSDK 5.2 stops the informers before the
 * reconcile threads, so a reconciliation still running then sees emptied caches: a Deployment's
 * Secrets "missing" renders a pod template without their hashes, and applying it rolls every pod.
 * Reconciliations pass through this gate; {@link #close} lets those in flight finish, turns new
 * ones away, and only then may the informers stop.
 */
public final class ReconcileGate {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /** True if the caller may reconcile; it must then call {@link #exit}. */
  public boolean enter() {
    if (closed || !lock.readLock().tryLock()) {
      return false;
    }
    if (closed) {
      lock.readLock().unlock();
      return false;
    }
    return true;
  }

  public void exit() {
    lock.readLock().unlock();
  }

  /**
   * Turns away new reconciliations and waits up to {@code timeout} for those in flight; true when
   * none is left. The gate stays closed.
   */
  public boolean close(Duration timeout) {
    closed = true;
    try {
      if (lock.writeLock().tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        lock.writeLock().unlock();
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public boolean isClosed() {
    return closed;
  }
}
