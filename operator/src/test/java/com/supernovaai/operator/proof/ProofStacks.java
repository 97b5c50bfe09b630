package com.supernovaai.operator.proof;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The stack the proofs render from: the minimal example with the database sized for this machine (a
 * 1Gi memory limit and 2 CPUs instead of the production default of 16Gi / 4 CPUs), and the
 * generated Secrets the operator would have created.
 */
final class ProofStacks {

  static final String DATABASE_USER = "supernova";
  static final String DATABASE_PASSWORD = "app-pw-\"quoted\" and spaced";
  static final String SUPERUSER_PASSWORD = "superuser-pw";
  static final String REDIS_PASSWORD = "redis-pw \"with\" quotes\\";

  private ProofStacks() {}

  static SuperNovaStack stack() {
    SuperNovaStack stack = Stacks.minimal();
    stack
        .getSpec()
        .getDatabase()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("512Mi"))
                .addToRequests("cpu", new Quantity("1"))
                .addToLimits("memory", new Quantity("1Gi"))
                .addToLimits("cpu", new Quantity("2"))
                .build());
    return stack;
  }

  static Context<SuperNovaStack> context(SuperNovaStack stack) {
    return Rendered.withGeneratedSecrets(
        stack, DATABASE_USER, DATABASE_PASSWORD, SUPERUSER_PASSWORD, REDIS_PASSWORD);
  }
}
