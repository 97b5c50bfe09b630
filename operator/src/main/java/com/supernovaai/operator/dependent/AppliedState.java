package com.supernovaai.operator.dependent;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.supernovaai.operator.cache.OperatorSerialization;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a child object is as the operator would apply it, decided without the managedFields the
 * API server records of the operator's applies (they were a third of the informer caches' memory,
 * e2e/bench/HISTORY.md). Two checks, both needed:
 *
 * <ul>
 *   <li>the {@link #HASH} annotation, the hash of what the operator last applied, equals the hash
 *       of what it would apply now: a change of the desired state, a field it no longer sets
 *       included, is applied once;
 *   <li>everything the operator sets has that value on the object (drift: a field changed or
 *       removed by hand is put back). What others added (server defaults, other field managers'
 *       labels, list items) is ignored, as server-side apply leaves it alone.
 * </ul>
 */
public final class AppliedState {

  /** The hash of the desired state last applied, written with every apply. */
  public static final String HASH = SuperNovaStack.GROUP + "/applied-hash";

  /** Metadata JOSDK adds to the desired object at its own times: not part of the hash. */
  private static final Set<String> JOSDK_ANNOTATIONS =
      Set.of(
          InformerEventSource.PREVIOUS_ANNOTATION_KEY,
          Mappers.DEFAULT_ANNOTATION_FOR_NAME,
          Mappers.DEFAULT_ANNOTATION_FOR_NAMESPACE,
          Mappers.DEFAULT_ANNOTATION_FOR_PRIMARY_TYPE);

  private AppliedState() {}

  /** {@code desired} with its {@link #HASH} annotation set: what an apply sends. */
  public static <R extends HasMetadata> R stamped(R desired) {
    String hash = hash(desired);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.put(HASH, hash);
    desired.getMetadata().setAnnotations(annotations);
    return desired;
  }

  /** Whether {@code actual} is as {@code desired} would leave it (see the class comment). */
  public static boolean matches(HasMetadata actual, HasMetadata desired) {
    var annotations = actual.getMetadata().getAnnotations();
    if (annotations == null || annotations.get(HASH) == null) {
      return false;
    }
    ObjectNode wanted = tree(desired);
    if (!hash(wanted).equals(annotations.get(HASH))) {
      return false;
    }
    ((ObjectNode) wanted.path("metadata")).remove("resourceVersion");
    return contains(tree(actual), wanted);
  }

  /**
   * The hash of the desired state: its JSON with object keys in sorted order, without the owner
   * references and the annotations JOSDK adds (present at some calls, not at others) and without
   * {@link #HASH} itself.
   */
  static String hash(HasMetadata desired) {
    return hash(tree(desired));
  }

  /** {@link #hash(HasMetadata)} of the desired state's tree, which stays as it is. */
  private static String hash(ObjectNode desired) {
    ObjectNode tree = desired.objectNode();
    desired.fields().forEachRemaining(field -> tree.set(field.getKey(), field.getValue()));
    if (desired.path("metadata") instanceof ObjectNode original) {
      ObjectNode meta = original.deepCopy(); // the metadata alone is changed: a small copy
      meta.remove(List.of("ownerReferences", "resourceVersion"));
      if (meta.path("annotations") instanceof ObjectNode notes) {
        notes.remove(HASH);
        notes.remove(JOSDK_ANNOTATIONS);
        if (notes.isEmpty()) {
          // As the serializer leaves out an empty map: no annotations and only JOSDK's are alike.
          meta.remove("annotations");
        }
      }
      tree.set("metadata", meta);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical(tree).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /**
   * Whether {@code actual} has every value of {@code desired}: object fields by name (an empty
   * object must be there: {@code namespaceSelector: {}} selects every namespace, its absence none),
   * lists of objects item by item in order with other items allowed in between (other managers' env
   * vars, say), lists of scalars whole (an empty one may be absent, as the API server stores it),
   * quantities by amount ("1" is "1000m").
   */
  static boolean contains(JsonNode actual, JsonNode desired) {
    if (desired == null || desired.isNull() || desired.isMissingNode()) {
      return true;
    }
    if (desired.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
        var field = it.next();
        if (!contains(actual.path(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (desired.isArray()) {
      if (!actual.isArray()) {
        return desired.isEmpty() && (actual.isMissingNode() || actual.isNull());
      }
      boolean ofObjects = false;
      for (JsonNode item : desired) {
        ofObjects |= item.isObject();
      }
      return ofObjects ? containsInOrder(actual, desired) : sameScalars(actual, desired);
    }
    return sameScalar(actual, desired);
  }

  private static boolean containsInOrder(JsonNode actual, JsonNode desired) {
    int next = 0;
    for (JsonNode wanted : desired) {
      while (next < actual.size() && !contains(actual.get(next), wanted)) {
        next++;
      }
      if (next == actual.size()) {
        return false;
      }
      next++;
    }
    return true;
  }

  private static boolean sameScalars(JsonNode actual, JsonNode desired) {
    if (actual.size() != desired.size()) {
      return false;
    }
    for (int i = 0; i < desired.size(); i++) {
      if (!sameScalar(actual.get(i), desired.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameScalar(JsonNode actual, JsonNode desired) {
    if (actual.equals(desired)) {
      return true;
    }
    if (actual.isNumber() && desired.isNumber()) {
      return actual.decimalValue().compareTo(desired.decimalValue()) == 0;
    }
    if (actual.isTextual() && desired.isTextual()) {
      return sameQuantity(actual.asText(), desired.asText());
    }
    return false;
  }

  /** "1" and "1000m", "1Gi" and "1024Mi": the API server stores a quantity in canonical form. */
  private static boolean sameQuantity(String actual, String desired) {
    if (actual.isEmpty() || desired.isEmpty() || !Character.isDigit(desired.charAt(0))) {
      return false;
    }
    try {
      return Quantity.getAmountInBytes(new Quantity(actual))
              .compareTo(Quantity.getAmountInBytes(new Quantity(desired)))
          == 0;
    } catch (RuntimeException notAQuantity) {
      return false;
    }
  }

  private static ObjectNode tree(HasMetadata resource) {
    return OperatorSerialization.shared().convertValue(resource, ObjectNode.class);
  }

  /** {@code node} as JSON with object keys in sorted order: what the hash is taken of. */
  static String canonical(JsonNode node) {
    StringBuilder out = new StringBuilder(4096);
    canonical(node, out);
    return out.toString();
  }

  // Strings and integers are written here rather than by the nodes' toString(), which starts a
  // JSON generator per value: that was half of the hashing's CPU. The text is the same (the
  // generator's escapes are JsonStringEncoder's), so hashes of objects already applied still match.
  private static void canonical(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      for (String name : names) {
        quoted(name, out);
        out.append(':');
        canonical(node.get(name), out);
        out.append(',');
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (JsonNode item : node) {
        canonical(item, out);
        out.append(',');
      }
      out.append(']');
    } else if (node.isTextual()) {
      quoted(node.textValue(), out);
    } else if (node.isIntegralNumber() || node.isBoolean() || node.isNull()) {
      out.append(node.asText());
    } else {
      out.append(node.toString());
    }
  }

  private static void quoted(String text, StringBuilder out) {
    out.append('"');
    if (needsEscapes(text)) {
      JsonStringEncoder.getInstance().quoteAsString(text, out);
    } else {
      out.append(text); // most names and values: the encoder's copy char by char cost as much
    }
    out.append('"');
  }

  /**
   * Whether JSON escapes a character of {@code text}: a control character, a quote, a backslash.
   */
  private static boolean needsEscapes(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return true;
      }
    }
    return false;
  }
}
