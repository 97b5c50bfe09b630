package com.supernovaai.operator.cache;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethodMap;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * Jackson builds a serializer and a deserializer per class from what it collected about the class
 * (an {@link AnnotatedClass}), and every property it builds keeps that collection: the property's
 * field points back to it. The collection holds every method of the class with up to two
 * parameters, each with a copy of its {@code java.lang.reflect.Method} and its parsed annotations,
 * though the properties need only the fields (the operator reads and writes the fabric8 model
 * through them, {@link ModelFieldAccess}) and the few methods they point to themselves. For the 400
 * model classes of the operator's kinds that was 7.5 MiB of a 52 MiB live heap at 100 stacks
 * (e2e/bench/HISTORY.md, thirty-second slice).
 *
 * <p>Once a class's serializer or deserializer is built, its collected methods and constructors are
 * released. Both are lazy caches in Jackson (computed on first use, never volatile): should Jackson
 * ask for them again, it collects them again.
 */
final class ReleasedIntrospection {

  private static final VarHandle MEMBER_METHODS = field("_memberMethods", AnnotatedMethodMap.class);
  private static final VarHandle CREATORS = field("_creators", AnnotatedClass.Creators.class);

  private ReleasedIntrospection() {}

  static Module module() {
    return afterEveryBuild("released-introspection", ReleasedIntrospection::release);
  }

  /**
   * A module that hands {@code action} the description of each class Jackson has built a bean
   * serializer or deserializer from, after the build. Of several, Jackson runs the module
   * registered last first.
   */
  static Module afterEveryBuild(String name, Consumer<BeanDescription> action) {
    return new SimpleModule(name)
        .setDeserializerModifier(
            new BeanDeserializerModifier() {
              @Override
              public JsonDeserializer<?> modifyDeserializer(
                  DeserializationConfig config,
                  BeanDescription description,
                  JsonDeserializer<?> deserializer) {
                action.accept(description);
                return deserializer;
              }
            })
        .setSerializerModifier(
            new BeanSerializerModifier() {
              @Override
              public JsonSerializer<?> modifySerializer(
                  SerializationConfig config,
                  BeanDescription description,
                  JsonSerializer<?> serializer) {
                action.accept(description);
                return serializer;
              }
            });
  }

  /** Drops the methods and constructors collected for the description's class. */
  static void release(BeanDescription description) {
    AnnotatedClass collected = description.getClassInfo();
    MEMBER_METHODS.set(collected, (AnnotatedMethodMap) null);
    CREATORS.set(collected, (AnnotatedClass.Creators) null);
  }

  /** Whether the class's methods are collected (again); for tests. */
  static boolean holdsMethods(AnnotatedClass collected) {
    return MEMBER_METHODS.get(collected) != null;
  }

  private static VarHandle field(String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(AnnotatedClass.class, MethodHandles.lookup())
          .findVarHandle(AnnotatedClass.class, name, type);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(
          "Jackson's AnnotatedClass no longer has its lazy " + name + ": " + e);
    }
  }
}
