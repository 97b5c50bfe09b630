package com.supernovaai.operator.cache;

import com.supernovaai.operator.FieldManagers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The item store of the stacks' informer and of the shared informers of their objects: objects are
 * kept with {@link CachedMetadata#pruned} metadata, pods also with a {@link CachedPods#pruned}
 * spec. The pruning replaces the metadata of the object the informer just deserialized, before it
 * is stored or handed to event filters, so the cached object and the one in the event are the same
 * (an update filter compares two pruned objects).
 */
public final class PrunedItemStore<R extends HasMetadata> implements ItemStore<R> {

  private final BasicItemStore<R> items = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

  private PrunedItemStore() {}

  /**
   * A pruning store for an informer configuration that watches {@code namespaces}, or null (JOSDK's
   * default store) when they are several: JOSDK 5.2.3 then starts one informer per namespace, all
   * on the one configured store, and each informer's relist would drop the others' objects.
   */
  public static <R extends HasMetadata> ItemStore<R> forNamespaces(Set<String> namespaces) {
    return namespaces != null && namespaces.size() == 1 ? new PrunedItemStore<>() : null;
  }

  @Override
  public R put(String key, R object) {
    object.setMetadata(CachedMetadata.pruned(object.getMetadata(), FieldManagers.READ));
    if (object instanceof Pod pod) {
      pod.setSpec(CachedPods.pruned(pod.getSpec()));
    }
    return items.put(key, object);
  }

  @Override
  public String getKey(R object) {
    return items.getKey(object);
  }

  @Override
  public R remove(String key) {
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet();
  }

  @Override
  public Stream<R> values() {
    return items.values();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public R get(String key) {
    return items.get(key);
  }
}
