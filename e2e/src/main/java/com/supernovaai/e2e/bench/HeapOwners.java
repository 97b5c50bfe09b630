package com.supernovaai.e2e.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.netbeans.lib.profiler.heap.Heap;
import org.netbeans.lib.profiler.heap.HeapFactory;
import org.netbeans.lib.profiler.heap.Instance;
import org.netbeans.lib.profiler.heap.JavaClass;

/**
 * Where a heap dump's memory goes: the objects that retain the most of it (what would be freed with
 * them, by the dominator tree NetBeans' profiler library computes), none inside another one listed,
 * each with its path from a GC root. A class histogram says which classes fill the heap; this says
 * who holds them (the informer caches of one kind, a Jackson mapper's serializers, a class's
 * statics). {@code e2e/bench/heap-owners.sh} dumps a running operator and prints this.
 */
public final class HeapOwners {

  /** How far a path is followed towards its GC root. */
  private static final int PATH_HOPS = 8;

  /**
   * An object holding {@code retainedBytes}, and the classes of the objects on its path from a GC
   * root, nearest first ({@code java.lang.Class} stands for a class's static fields).
   */
  public record Owner(String className, long retainedBytes, List<String> path) {

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%8.2f MiB  %s%s",
          retainedBytes / 1048576.0,
          className,
          path.isEmpty() ? "" : " <- " + String.join(" <- ", path));
    }
  }

  private HeapOwners() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: HeapOwners HPROF [COUNT (25)] [MIN_MIB (0.25)]");
      System.exit(2);
    }
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    double minMib = args.length > 2 ? Double.parseDouble(args[2]) : 0.25;
    Heap heap = HeapFactory.createHeap(new File(args[0]));
    System.out.printf(
        Locale.ROOT,
        "%.1f MiB in %,d objects (the dump's own sizes: object headers as the dumping JVM laid them"
            + " out)%n",
        heap.getSummary().getTotalLiveBytes() / 1048576.0,
        heap.getSummary().getTotalLiveInstances());
    owners(heap, count, (long) (minMib * 1048576)).forEach(System.out::println);
  }

  /** The owners in the dump at {@code dump}. */
  public static List<Owner> owners(Path dump, int count, long minBytes) throws IOException {
    return owners(HeapFactory.createHeap(dump.toFile()), count, minBytes);
  }

  /**
   * The {@code count} biggest owners of at least {@code minBytes}. Of an object and one inside it
   * that retains nearly as much (90 %), the inner one is listed (a mapper rather than the client
   * that holds it), unless it is the JDK's own (an informer's store, not its map's table).
   */
  static List<Owner> owners(Heap heap, int count, long minBytes) {
    List<Instance> kept = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Instance> biggest = heap.getBiggestObjectsByRetainedSize(count * 40);
    for (Instance candidate : biggest) {
      if (candidate.getRetainedSize() < minBytes) {
        break;
      }
      Set<Long> above = ancestors(candidate);
      Instance outer = null;
      for (Instance k : kept) {
        if (above.contains(k.getInstanceId())) {
          outer = k;
          break;
        }
      }
      if (outer == null) {
        if (kept.size() < count) {
          kept.add(candidate);
        }
      } else if (candidate.getRetainedSize() >= outer.getRetainedSize() * 0.9
          && !isJdkInternal(candidate)) {
        kept.set(kept.indexOf(outer), candidate);
      }
    }
    return kept.stream()
        .sorted((a, b) -> Long.compare(b.getRetainedSize(), a.getRetainedSize()))
        .map(i -> new Owner(i.getJavaClass().getName(), i.getRetainedSize(), path(heap, i)))
        .toList();
  }

  private static boolean isJdkInternal(Instance instance) {
    String name = instance.getJavaClass().getName();
    return name.startsWith("java.") || name.startsWith("jdk.") || name.endsWith("[]");
  }

  /** The ids of the objects on the path from {@code instance} to its GC root. */
  private static Set<Long> ancestors(Instance instance) {
    Set<Long> ids = new HashSet<>();
    for (Instance p = instance.getNearestGCRootPointer();
        p != null && ids.add(p.getInstanceId());
        p = p.getNearestGCRootPointer()) {
      if (p.isGCRoot()) {
        break;
      }
    }
    return ids;
  }

  private static List<String> path(Heap heap, Instance instance) {
    List<String> path = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    Instance p = instance.getNearestGCRootPointer();
    while (p != null && path.size() < PATH_HOPS && seen.add(p.getInstanceId())) {
      path.add(describe(heap, p));
      if (p.isGCRoot()) {
        break;
      }
      p = p.getNearestGCRootPointer();
    }
    return path;
  }

  /** A class name; for a class object, whose statics it is. */
  private static String describe(Heap heap, Instance instance) {
    String name = instance.getJavaClass().getName();
    if (name.equals("java.lang.Class")) {
      JavaClass owner = heap.getJavaClassByID(instance.getInstanceId());
      return owner == null ? name : "statics of " + owner.getName();
    }
    return name;
  }
}
