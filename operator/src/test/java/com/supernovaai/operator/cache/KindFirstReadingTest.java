package com.supernovaai.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
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
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KindFirstReadingTest {

  /**
   * fabric8's own reading, every kind on the class path registered: what the objects must equal.
   */
  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

  @Test
  void aWatchedObjectIsReadAsFabric8ReadsIt() {
    KubernetesSerialization operator = OperatorSerialization.create();
    for (HasMetadata object : objects()) {
      operator.registerKubernetesResource(object.getClass());
      String event = FABRIC8.asJson(new WatchEvent(object, "MODIFIED"));

      Object read = operator.unmarshal(event, WatchEvent.class).getObject();

      assertThat(read)
          .as(object.getKind())
          .isInstanceOf(object.getClass())
          .isEqualTo(FABRIC8.unmarshal(event, WatchEvent.class).getObject())
          .isEqualTo(object);
    }
  }

  @Test
  void theApiServersOrderKindThenApiVersionNeedsNoSecondPass() throws IOException {
    var fallback = new CountingFallback();
    String object =
        """
        {"kind":"Secret","apiVersion":"v1","metadata":{"name":"db","namespace":"prod"},\
        "type":"Opaque","data":{"password":"c2VjcmV0"}}""";

    Object read = read(object, fallback);

    assertThat(read)
        .isEqualTo(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("prod")
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of("password", "c2VjcmV0"))
                .build());
    assertThat(fallback.calls).hasValue(0);
  }

  @Test
  void anObjectWhoseKindComesLaterIsReadByFabric8sDeserializer() throws IOException {
    var fallback = new CountingFallback();
    String object =
        """
        {"metadata":{"name":"db","namespace":"prod"},"kind":"Secret","apiVersion":"v1",\
        "type":"Opaque"}""";

    Object read = read(object, fallback);

    assertThat(read).isInstanceOf(Secret.class);
    assertThat(((HasMetadata) read).getMetadata().getName()).isEqualTo("db");
    assertThat(fallback.calls).hasValue(1);
  }

  @Test
  void aKindNotRegisteredIsReadByFabric8sDeserializer() throws IOException {
    var fallback = new CountingFallback();
    String object =
        """
        {"kind":"StorageClass","apiVersion":"storage.k8s.io/v1","metadata":{"name":"fast"},\
        "provisioner":"local"}""";

    Object read = read(object, fallback);

    // fabric8's deserializer here is the one with every kind registered
    assertThat(read)
        .isInstanceOfSatisfying(
            StorageClass.class, storage -> assertThat(storage.getProvisioner()).isEqualTo("local"));
    assertThat(fallback.calls).hasValue(1);
  }

  /** Reads one watch event's object with the given fallback in place of fabric8's deserializer. */
  private static Object read(String object, CountingFallback fallback) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    var kinds = new KubernetesSerialization(mapper, false);
    kinds.registerKubernetesResource(Secret.class);
    mapper.setHandlerInstantiator(
        new HandlerInstantiator() {
          @Override
          public JsonDeserializer<?> deserializerInstance(
              DeserializationConfig config, Annotated annotated, Class<?> deserClass) {
            return deserClass == KubernetesDeserializer.class
                ? new KindFirstReading.Deserializer(fallback, kinds)
                : null;
          }

          @Override
          public KeyDeserializer keyDeserializerInstance(
              DeserializationConfig config, Annotated annotated, Class<?> keyDeserClass) {
            return null;
          }

          @Override
          public JsonSerializer<?> serializerInstance(
              SerializationConfig config, Annotated annotated, Class<?> serClass) {
            return null;
          }

          @Override
          public TypeResolverBuilder<?> typeResolverBuilderInstance(
              MapperConfig<?> config, Annotated annotated, Class<?> builderClass) {
            return null;
          }

          @Override
          public TypeIdResolver typeIdResolverInstance(
              MapperConfig<?> config, Annotated annotated, Class<?> resolverClass) {
            return null;
          }
        });
    return mapper
        .readValue("{\"type\":\"ADDED\",\"object\":" + object + "}", WatchEvent.class)
        .getObject();
  }

  /** fabric8's reading, counted. */
  private static final class CountingFallback extends JsonDeserializer<KubernetesResource> {
    /** fabric8's by-kind reader, every kind on the class path registered. */
    private static final KubernetesDeserializer FABRIC8_BY_KIND = new KubernetesDeserializer();

    final AtomicInteger calls = new AtomicInteger();

    @Override
    public KubernetesResource deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      calls.incrementAndGet();
      return FABRIC8_BY_KIND.deserialize(parser, context);
    }
  }

  private static List<HasMetadata> objects() {
    return List.of(
        new PodBuilder()
            .withNewMetadata()
            .withName("api-blue-7d9f-x2k4q")
            .withNamespace("prod")
            .withLabels(Map.of("app.kubernetes.io/instance", "nova"))
            .withResourceVersion("4711")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("api")
            .withImage("supernova-api:1.4.2")
            .withNewResources()
            .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi")))
            .endResources()
            .addNewPort()
            .withContainerPort(8081)
            .endPort()
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build(),
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("nova-api-blue")
            .withNamespace("prod")
            .withGeneration(3L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .withNewSelector()
            .withMatchLabels(Map.of("color", "blue"))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(Map.of("color", "blue"))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("api")
            .withImage("supernova-api:1.4.2")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .withNewStatus()
            .withReadyReplicas(2)
            .withObservedGeneration(3L)
            .endStatus()
            .build(),
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("nova-db")
            .withNamespace("prod")
            .endMetadata()
            .withNewSpec()
            .withServiceName("nova-db")
            .addNewVolumeClaimTemplate()
            .withNewMetadata()
            .withName("data")
            .endMetadata()
            .withNewSpec()
            .withNewResources()
            .withRequests(Map.of("storage", new Quantity("20Gi")))
            .endResources()
            .endSpec()
            .endVolumeClaimTemplate()
            .endSpec()
            .build(),
        new ServiceBuilder()
            .withNewMetadata()
            .withName("nova-api")
            .withNamespace("prod")
            .endMetadata()
            .withNewSpec()
            .withClusterIP("10.96.0.17")
            .addNewPort()
            .withPort(80)
            .withNewTargetPort(8081)
            .endPort()
            .endSpec()
            .build());
  }
}
