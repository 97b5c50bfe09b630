package com.supernovaai.operator.cache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every fabric8 model object carries a map of the JSON fields its class does not know ({@code
 * additionalProperties}): a new LinkedHashMap per object, empty in nearly all of them. At 1000
 * stacks the informer caches held about 900,000 such maps, with the entry-set views that comparing
 * them leaves behind: 65 MB of a 235 MB live heap. The reader gives an object whose map stayed
 * empty the one shared, immutable empty map instead. Only Jackson puts into that map (an unknown
 * field while reading), and fabric8's builders copy it into a new one, so nothing writes to the
 * shared instance. A {@link GenericKubernetesResource} keeps its own: its map is its content.
 */
final class SharedEmptyMaps {

  /** The one empty map (equal to any other empty map, as the models' equals compares them). */
  static final Map<String, Object> EMPTY = Map.of();

  private SharedEmptyMaps() {}

  static Module module() {
    return new SimpleModule("shared-empty-maps")
        .setDeserializerModifier(
            new BeanDeserializerModifier() {
              @Override
              public JsonDeserializer<?> modifyDeserializer(
                  DeserializationConfig config,
                  BeanDescription description,
                  JsonDeserializer<?> deserializer) {
                Accessors accessors = ACCESSORS.get(description.getBeanClass());
                return accessors == null ? deserializer : new Sharing(deserializer, accessors);
              }
            });
  }

  /** The class's getter and setter of its additionalProperties, or null if it has none. */
  private record Accessors(MethodHandle getter, MethodHandle setter) {

    Object shareIfEmpty(Object bean) throws IOException {
      if (bean != null && map(bean) instanceof LinkedHashMap<?, ?> map && map.isEmpty()) {
        set(bean, EMPTY);
      }
      return bean;
    }

    /** Jackson reads into an existing object: give it back a map Jackson may put into. */
    void unshare(Object bean) throws IOException {
      if (map(bean) == EMPTY) {
        set(bean, new LinkedHashMap<>());
      }
    }

    private Map<?, ?> map(Object bean) throws IOException {
      try {
        return (Map<?, ?>) getter.invoke(bean);
      } catch (Throwable e) {
        throw new IOException("Cannot read additionalProperties of " + bean.getClass(), e);
      }
    }

    private void set(Object bean, Map<String, Object> map) throws IOException {
      try {
        setter.invoke(bean, map);
      } catch (Throwable e) {
        throw new IOException("Cannot set additionalProperties of " + bean.getClass(), e);
      }
    }
  }

  private static final ClassValue<Accessors> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
          if (GenericKubernetesResource.class.isAssignableFrom(type)) {
            return null;
          }
          var lookup = MethodHandles.publicLookup();
          try {
            return new Accessors(
                lookup.findVirtual(
                    type, "getAdditionalProperties", MethodType.methodType(Map.class)),
                lookup.findVirtual(
                    type, "setAdditionalProperties", MethodType.methodType(void.class, Map.class)));
          } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
          }
        }
      };

  /** The class's own deserializer, then the shared map if the object's stayed empty. */
  private static final class Sharing extends DelegatingDeserializer {

    private final Accessors accessors;

    Sharing(JsonDeserializer<?> delegate, Accessors accessors) {
      super(delegate);
      this.accessors = accessors;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Sharing(delegate, accessors);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return accessors.shareIfEmpty(super.deserialize(parser, context));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object deserialize(JsonParser parser, DeserializationContext context, Object into)
        throws IOException {
      accessors.unshare(into);
      return accessors.shareIfEmpty(
          ((JsonDeserializer<Object>) _delegatee).deserialize(parser, context, into));
    }

    @Override
    public Object deserializeWithType(
        JsonParser parser, DeserializationContext context, TypeDeserializer types)
        throws IOException {
      return accessors.shareIfEmpty(super.deserializeWithType(parser, context, types));
    }
  }
}
