package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Secret with generated values: created when missing, never updated, so never regenerated while
 * it exists. Not owned by the stack: it outlives a deleted stack with deletionPolicy Retain (the
 * data volumes need the same passwords); the reconciler's cleanup deletes it with Delete.
 */
public abstract class GeneratedSecretDependent
    extends KubernetesDependentResource<Secret, SuperNovaStack>
    implements Creator<Secret, SuperNovaStack> {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  protected GeneratedSecretDependent() {
    super(Secret.class);
  }

  protected abstract String name(SuperNovaStack stack);

  protected abstract String component();

  /** The values, generated anew on every call. */
  protected abstract Map<String, String> generate(SuperNovaStack stack);

  /** Whether the stack uses this Secret; one it does not use is never created. */
  protected boolean used(SuperNovaStack stack) {
    return true;
  }

  /**
   * Nothing for a stack that does not use the Secret, and the node still counts as reconciled: the
   * pooler and the API are ordered after the credentials of every stack, which a reconcile
   * precondition would not allow (JOSDK deletes what depends on a node whose precondition fails).
   */
  @Override
  public ReconcileResult<Secret> reconcile(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return used(stack) ? super.reconcile(stack, context) : ReconcileResult.noOperation(null);
  }

  @Override
  protected Secret desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    Map<String, String> data = new LinkedHashMap<>();
    generate(stack)
        .forEach(
            (k, v) ->
                data.put(
                    k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(Labels.of(stack, component()))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      SuperNovaStack primary, Context<SuperNovaStack> context) {
    return new ResourceID(name(primary), primary.getMetadata().getNamespace());
  }

  /** A random password of letters and digits (safe in URLs, ini and conf files). */
  public static String password(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(chars);
  }

  /** Random bytes, base64url without padding. */
  public static String key(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }
}
