package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * backup.sh, restore.sh, verify.sh, rotate.sh and the functions they share, mounted at /scripts
 * into the backup, restore, restore-drill and credentials rotation Jobs. The only copy of the
 * scripts: the proofs run them from this ConfigMap.
 */
public class BackupScriptsConfigMapDependent extends StackDependent<ConfigMap> {

  public BackupScriptsConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.backupScripts(stack);
  }

  @Override
  protected ConfigMap desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ConfigMapBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_BACKUP)))
        .addToData(Scripts.BACKUP, Scripts.load(Scripts.BACKUP))
        .addToData(Scripts.RESTORE, Scripts.load(Scripts.RESTORE))
        .addToData(Scripts.VERIFY, Scripts.load(Scripts.VERIFY))
        .addToData(Scripts.ROTATE, Scripts.load(Scripts.ROTATE))
        .addToData(Scripts.BACKUP_LIB, Scripts.load(Scripts.BACKUP_LIB))
        .build();
  }
}
