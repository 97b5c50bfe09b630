package com.supernovaai.operator.cache;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Jackson reads and writes the fabric8 model's properties through their fields, not their getters
 * and setters. The chart's JVM keeps reflective method calls native ({@code
 * -Dsun.reflect.inflationThreshold}, which saves the 1,500 classes JDK 17 would generate for them,
 * 20 MiB at 100 stacks: e2e/bench/HISTORY.md, twelfth slice), and a native call per property made
 * writing an object 3-4 times and reading one 1.6 times slower than with generated classes; a field
 * is read and written through {@code Unsafe}, with neither (twenty-sixth slice).
 *
 * <p>Only a property whose field and accessor are both annotated with the same {@link JsonProperty}
 * switches, as in every generated fabric8 class: the field is then the property's only accessor,
 * with its own annotations ({@code @JsonInclude} is on the fields). A model class's any-getter map
 * (additionalProperties) is read from its field too. Anything else (any-setters, used only for
 * fields the model does not know, and classes written by hand) is left to Jackson's usual rules.
 */
final class ModelFieldAccess extends NopAnnotationIntrospector {

  private static final long serialVersionUID = 1L;

  private static final String MODEL_PACKAGES = "io.fabric8.";

  @Override
  public boolean hasIgnoreMarker(AnnotatedMember member) {
    return member instanceof AnnotatedMethod method
        && (hasAnnotatedField(method) || anyGetterField(method) != null);
  }

  /**
   * The model's additionalProperties are written from their field: fabric8's {@code
   * BeanPropertyWriterDelegate} reads them for every property it writes (a value there wins over
   * the field's), one native call per property through the getter.
   */
  @Override
  public Boolean hasAnyGetter(Annotated annotated) {
    if (annotated instanceof AnnotatedField field) {
      return isAnyGetterField(field.getAnnotated()) ? Boolean.TRUE : null;
    }
    if (annotated instanceof AnnotatedMethod method && anyGetterField(method) != null) {
      return Boolean.FALSE;
    }
    return null;
  }

  private static boolean hasAnnotatedField(AnnotatedMethod method) {
    Class<?> owner = method.getDeclaringClass();
    JsonProperty property = method.getAnnotation(JsonProperty.class);
    if (property == null
        || property.value().isEmpty()
        || !owner.getName().startsWith(MODEL_PACKAGES)
        || method.getParameterCount() > 1) {
      return false;
    }
    for (Field field : owner.getDeclaredFields()) {
      JsonProperty onField = field.getAnnotation(JsonProperty.class);
      if (onField != null && onField.value().equals(property.value())) {
        return true;
      }
    }
    return false;
  }

  /** The map field a model class's {@code @JsonAnyGetter getX()} returns: its field {@code x}. */
  private static Field anyGetterField(AnnotatedMethod method) {
    Class<?> owner = method.getDeclaringClass();
    String name = method.getName();
    if (!method.hasAnnotation(JsonAnyGetter.class)
        || !owner.getName().startsWith(MODEL_PACKAGES)
        || method.getParameterCount() != 0
        || !name.startsWith("get")
        || name.length() < 4) {
      return null;
    }
    String fieldName = Character.toLowerCase(name.charAt(3)) + name.substring(4);
    try {
      Field field = owner.getDeclaredField(fieldName);
      return Map.class.isAssignableFrom(field.getType()) ? field : null;
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static boolean isAnyGetterField(Field field) {
    Class<?> owner = field.getDeclaringClass();
    if (!owner.getName().startsWith(MODEL_PACKAGES)
        || !Map.class.isAssignableFrom(field.getType())) {
      return false;
    }
    String getter =
        "get" + Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
    try {
      return owner.getDeclaredMethod(getter).isAnnotationPresent(JsonAnyGetter.class);
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
