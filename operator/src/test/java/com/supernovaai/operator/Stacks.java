package com.supernovaai.operator;

import com.supernovaai.operator.model.ApiSpec;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** SuperNovaStacks for tests, as the API server would return them after defaulting. */
public final class Stacks {

  public static final String IMAGE = "registry.example.com/supernova/api-server:1.4.2";

  private Stacks() {}

  /** The minimal example: only an image. */
  public static SuperNovaStack minimal() {
    var stack = new SuperNovaStack();
    stack.setMetadata(
        new ObjectMetaBuilder()
            .withName("prod")
            .withNamespace("supernova")
            .withUid("uid-1")
            .withGeneration(1L)
            .build());
    var spec = new SuperNovaStackSpec();
    var api = new ApiSpec();
    api.setImage(IMAGE);
    spec.setApi(api);
    stack.setSpec(spec);
    return stack;
  }

  /** The minimal example bootstrapped from the latest dump on the claim {@code claimName}. */
  public static SuperNovaStack restoringFromBackup(String claimName) {
    var from = new FromBackupSpec();
    from.setClaimName(claimName);
    from.setFile(FromBackupSpec.LATEST);
    var bootstrap = new BootstrapSpec();
    bootstrap.setFromBackup(from);
    var stack = minimal();
    stack.getSpec().getDatabase().setBootstrap(bootstrap);
    return stack;
  }
}
