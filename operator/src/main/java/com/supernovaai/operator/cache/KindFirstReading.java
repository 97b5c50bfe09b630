package com.supernovaai.operator.cache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.cfg.HandlerInstantiator;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;

/**
 * Reads a watch event's object in one pass. fabric8 reads an object of a kind not known in advance
 * (a watch event's, {@link KubernetesDeserializer}) into a JSON tree to find its kind, then
 * converts the tree into the kind's class: every object the informers receive was read twice, and
 * the tree was garbage at once. The API server writes an object's {@code kind} and {@code
 * apiVersion} before its other fields, so those two are enough to pick the class, and the rest is
 * read straight into it. An object of a kind not registered with the serialization, or whose first
 * fields are others, is read by fabric8's deserializer, as before.
 */
final class KindFirstReading {

  private static final String KIND = "kind";
  private static final String API_VERSION = "apiVersion";

  private KindFirstReading() {}

  /**
   * Makes the mapper of {@code serialization} read by kind as described above; fabric8 configured
   * the mapper in the serialization's constructor, and this wraps what it configured.
   */
  static void install(ObjectMapper mapper, KubernetesSerialization serialization) {
    HandlerInstantiator fabric8 = mapper.getDeserializationConfig().getHandlerInstantiator();
    mapper.setConfig(
        mapper.getDeserializationConfig().with(new Instantiator(fabric8, serialization)));
  }

  /** Reads an object whose class is the one registered for its kind and apiVersion. */
  static final class Deserializer extends JsonDeserializer<KubernetesResource> {

    private final JsonDeserializer<?> fabric8;
    private final KubernetesSerialization kinds;

    Deserializer(JsonDeserializer<?> fabric8, KubernetesSerialization kinds) {
      this.fabric8 = fabric8;
      this.kinds = kinds;
    }

    @Override
    public KubernetesResource deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (!parser.isExpectedStartObjectToken()) {
        return (KubernetesResource) fabric8.deserialize(parser, context);
      }
      TokenBuffer head = context.bufferForInputBuffering(parser);
      head.writeStartObject();
      String kind = null;
      String apiVersion = null;
      boolean typed = true;
      JsonToken token = parser.nextToken();
      while (token == JsonToken.FIELD_NAME && (kind == null || apiVersion == null)) {
        String field = parser.currentName();
        if (!field.equals(KIND) && !field.equals(API_VERSION)) {
          break;
        }
        typed &= parser.nextToken() == JsonToken.VALUE_STRING;
        head.writeFieldName(field);
        head.copyCurrentStructure(parser);
        if (field.equals(KIND)) {
          kind = parser.getText();
        } else {
          apiVersion = parser.getText();
        }
        token = parser.nextToken();
      }
      Class<? extends KubernetesResource> type =
          typed && kind != null && apiVersion != null
              ? kinds.getRegisteredKubernetesResource(apiVersion, kind)
              : null;
      if (type != null) {
        // the buffered head, then the parser from the token it stands on: one object
        JsonParser object =
            JsonParserSequence.createFlattened(true, head.asParser(parser.getCodec()), parser);
        object.nextToken();
        return context.readValue(object, type);
      }
      while (token == JsonToken.FIELD_NAME) {
        head.copyCurrentStructure(parser);
        token = parser.nextToken();
      }
      head.writeEndObject();
      JsonParser whole = head.asParser(parser.getCodec());
      whole.nextToken();
      return (KubernetesResource) fabric8.deserialize(whole, context);
    }
  }

  /** fabric8's instantiator, with the deserializer above in place of fabric8's by-kind one. */
  private static final class Instantiator extends HandlerInstantiator {

    private final HandlerInstantiator fabric8;
    private final KubernetesSerialization kinds;

    Instantiator(HandlerInstantiator fabric8, KubernetesSerialization kinds) {
      this.fabric8 = fabric8;
      this.kinds = kinds;
    }

    @Override
    public JsonDeserializer<?> deserializerInstance(
        DeserializationConfig config, Annotated annotated, Class<?> deserClass) {
      JsonDeserializer<?> deserializer =
          fabric8.deserializerInstance(config, annotated, deserClass);
      return deserClass == KubernetesDeserializer.class
          ? new Deserializer(deserializer, kinds)
          : deserializer;
    }

    @Override
    public KeyDeserializer keyDeserializerInstance(
        DeserializationConfig config, Annotated annotated, Class<?> keyDeserClass) {
      return fabric8.keyDeserializerInstance(config, annotated, keyDeserClass);
    }

    @Override
    public JsonSerializer<?> serializerInstance(
        SerializationConfig config, Annotated annotated, Class<?> serClass) {
      return fabric8.serializerInstance(config, annotated, serClass);
    }

    @Override
    public TypeResolverBuilder<?> typeResolverBuilderInstance(
        MapperConfig<?> config, Annotated annotated, Class<?> builderClass) {
      return fabric8.typeResolverBuilderInstance(config, annotated, builderClass);
    }

    @Override
    public TypeIdResolver typeIdResolverInstance(
        MapperConfig<?> config, Annotated annotated, Class<?> resolverClass) {
      return fabric8.typeIdResolverInstance(config, annotated, resolverClass);
    }
  }
}
