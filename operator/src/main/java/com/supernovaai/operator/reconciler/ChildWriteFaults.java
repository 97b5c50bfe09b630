package com.supernovaai.operator.reconciler;

import static com.supernovaai.operator.status.Reasons.CHILD_WRITE_FORBIDDEN;
import static com.supernovaai.operator.status.Reasons.CHILD_WRITE_REFUSED;
import static com.supernovaai.operator.status.Reasons.NAME_TAKEN;
import static com.supernovaai.operator.status.Reasons.RECONCILE_ERROR;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.dependent.ReferencedSecrets;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why the stack's objects could not be written, told so that a human can fix it: which object, and
 * the API server's own words. A name held by an object the stack does not own is never taken over:
 * the stack stays Degraded ({@link Reasons#NAME_TAKEN}) until that object is removed.
 */
public final class ChildWriteFaults {

  /** Most specific first: the reason a human acts on wins when several writes failed. */
  private static final List<String> PRECEDENCE =
      List.of(NAME_TAKEN, CHILD_WRITE_FORBIDDEN, CHILD_WRITE_REFUSED, RECONCILE_ERROR);

  /**
   * One failed write.
   *
   * @param kind the object's kind, e.g. Service
   * @param name the object's name, null when unknown
   * @param error what was thrown
   * @param heldByOther the name is held by an object this stack does not own
   */
  record Failure(String kind, String name, Throwable error, boolean heldByOther) {}

  private static final Logger LOG = LoggerFactory.getLogger(ChildWriteFaults.class);

  private ChildWriteFaults() {}

  /** The fault of a workflow whose dependents failed; looks up who holds a name on a conflict. */
  static Fault of(
      SuperNovaStack stack,
      Context<SuperNovaStack> context,
      Map<DependentResource, Exception> errors) {
    List<Failure> failures = new ArrayList<>();
    errors.forEach(
        (dependent, error) -> {
          String kind = kind(dependent);
          var api = apiError(error);
          String name = api == null ? null : objectName(api);
          boolean held =
              api != null
                  && api.getCode() == 409
                  && name != null
                  && heldByOther(stack, context, dependentType(dependent), name);
          failures.add(new Failure(kind, name, error, held));
        });
    Fault fault = fault(failures);
    String stackName = stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
    LOG.warn("Reconciling {} failed: {}", stackName, fault.message());
    // The status names only the class of an unexpected exception; the trace says where.
    errors.forEach(
        (dependent, error) -> {
          if (unexpected(error)) {
            LOG.warn("Reconciling {}: {} failed unexpectedly", stackName, dependent.name(), error);
          }
        });
    return fault;
  }

  /** The fault of an exception that escaped the workflow (kind from the request, if any). */
  static Fault of(Throwable error) {
    var api = apiError(error);
    String kind = api == null ? null : api.getResourcePlural();
    return fault(List.of(new Failure(kind, api == null ? null : objectName(api), error, false)));
  }

  /** Pure: one fault for all failures, with the most specific reason and every object named. */
  static Fault fault(List<Failure> failures) {
    List<Failure> sorted =
        failures.stream()
            .sorted(
                Comparator.comparingInt((Failure f) -> PRECEDENCE.indexOf(reason(f)))
                    .thenComparing(f -> String.valueOf(f.kind()) + "/" + f.name()))
            .toList();
    String reason = sorted.isEmpty() ? RECONCILE_ERROR : reason(sorted.get(0));
    String message =
        sorted.stream().map(ChildWriteFaults::message).distinct().collect(Collectors.joining("; "));
    return new Fault(reason, message);
  }

  static String reason(Failure f) {
    if (f.heldByOther()) {
      return NAME_TAKEN;
    }
    var api = apiError(f.error());
    if (api == null) {
      return RECONCILE_ERROR;
    }
    return switch (api.getCode()) {
      case 403 -> CHILD_WRITE_FORBIDDEN;
      case 400, 422 -> CHILD_WRITE_REFUSED;
      default -> RECONCILE_ERROR;
    };
  }

  /** What a human reads: the object, then what the API server said about it. */
  static String message(Failure f) {
    String object =
        f.name() == null
            ? (f.kind() == null ? "An object" : f.kind())
            : (f.kind() == null ? "" : f.kind() + " ") + f.name();
    var api = apiError(f.error());
    if (api == null) {
      // Only our own exception is known to carry no secret in its message.
      return f.error() instanceof ReferencedSecrets.MissingCredentialsException
              || rootCause(f.error()) instanceof ReferencedSecrets.MissingCredentialsException
          ? rootCause(f.error()).getMessage()
          : object + ": " + rootCause(f.error()).getClass().getSimpleName();
    }
    String server = serverMessage(api, "Secret".equals(f.kind()));
    if (f.heldByOther()) {
      return object + " exists and is not owned by this stack: " + server;
    }
    return switch (reason(f)) {
      case CHILD_WRITE_FORBIDDEN -> object + " may not be written: " + server;
      case CHILD_WRITE_REFUSED -> object + " was refused: " + server;
      default -> object + ": " + server;
    };
  }

  /**
   * The API server's message, with the fields of {@code status.details.causes} it does not already
   * name. For a Secret only the code, reason and field names: its message may quote a value.
   */
  static String serverMessage(KubernetesClientException e, boolean secret) {
    Status status = e.getStatus();
    String reason = status == null ? null : status.getReason();
    List<StatusCause> causes =
        status == null || status.getDetails() == null || status.getDetails().getCauses() == null
            ? List.of()
            : status.getDetails().getCauses();
    String code = e.getCode() + (reason == null || reason.isBlank() ? "" : " " + reason);
    if (secret) {
      String fields =
          causes.stream()
              .map(StatusCause::getField)
              .filter(Objects::nonNull)
              .distinct()
              .collect(Collectors.joining(", "));
      return code + (fields.isEmpty() ? "" : " (" + fields + ")");
    }
    String text = status == null ? null : status.getMessage();
    if (text == null || text.isBlank()) {
      text = code;
    }
    String finalText = text;
    String missing =
        causes.stream()
            .filter(c -> c.getMessage() != null && !finalText.contains(c.getMessage()))
            .map(c -> c.getField() == null ? c.getMessage() : c.getField() + ": " + c.getMessage())
            .distinct()
            .collect(Collectors.joining("; "));
    return missing.isEmpty() ? text : text + " (" + missing + ")";
  }

  private static String objectName(KubernetesClientException e) {
    if (e.getName() != null) {
      return e.getName();
    }
    Status status = e.getStatus();
    return status == null || status.getDetails() == null ? null : status.getDetails().getName();
  }

  /**
   * Whether the object holding {@code name} is someone else's: neither owned by the stack nor
   * carrying its labels (the generated Secrets are deliberately not owned). Unknown (gone, or not
   * readable) counts as not held: the write is retried and says what the server said.
   */
  private static boolean heldByOther(
      SuperNovaStack stack,
      Context<SuperNovaStack> context,
      Class<? extends HasMetadata> type,
      String name) {
    try {
      HasMetadata existing =
          context
              .getClient()
              .resources(type)
              .inNamespace(stack.getMetadata().getNamespace())
              .withName(name)
              .get();
      return existing != null && !belongsTo(existing, stack);
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /** Owned by the stack, or labelled as made by the operator for it. */
  static boolean belongsTo(HasMetadata object, SuperNovaStack stack) {
    var meta = object.getMetadata();
    boolean owned =
        meta.getOwnerReferences() != null
            && meta.getOwnerReferences().stream()
                .anyMatch(o -> Objects.equals(o.getUid(), stack.getMetadata().getUid()));
    var labels = meta.getLabels() == null ? Map.<String, String>of() : meta.getLabels();
    boolean labelled =
        Labels.OPERATOR.equals(labels.get(Labels.MANAGED_BY))
            && stack.getMetadata().getName().equals(labels.get(Labels.INSTANCE));
    return owned || labelled;
  }

  private static String kind(DependentResource dependent) {
    return HasMetadata.class.isAssignableFrom(dependent.resourceType())
        ? HasMetadata.getKind(dependentType(dependent))
        : dependent.name();
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends HasMetadata> dependentType(DependentResource dependent) {
    return (Class<? extends HasMetadata>) dependent.resourceType();
  }

  /**
   * Whether an error is neither the API server's answer nor a missing input: a bug, whose stack
   * trace is the only lead (the status message names only its class).
   */
  static boolean unexpected(Throwable e) {
    return apiError(e) == null
        && !(rootCause(e) instanceof ReferencedSecrets.MissingCredentialsException);
  }

  static KubernetesClientException apiError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        return k;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && t.getCause() != t
        && !(t instanceof ReferencedSecrets.MissingCredentialsException)) {
      t = t.getCause();
    }
    return t;
  }
}
