package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.BackupSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The volume backups are written to. Deliberately not owned by the stack (no owner reference) and
 * not deletable by the workflow: with deletionPolicy Retain the backups outlive the stack, and
 * disabling backups keeps them; the reconciler's cleanup deletes it with Delete. Its size is grown
 * by {@link com.supernovaai.operator.volume.VolumeExpansion}, which checks the StorageClass first,
 * so this dependent keeps the size the claim has.
 */
public class BackupVolumeDependent extends AppliedDependent<PersistentVolumeClaim> {

  public BackupVolumeDependent() {
    super(PersistentVolumeClaim.class);
  }

  @Override
  protected PersistentVolumeClaim desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var storage = stack.getSpec().getBackup().getStorage();
    Quantity size =
        Secondaries.byName(context, PersistentVolumeClaim.class, StackNames.backupVolume(stack))
            .map(c -> c.getSpec().getResources().getRequests().get("storage"))
            .orElse(
                new Quantity(
                    storage == null ? BackupSpec.DEFAULT_STORAGE_SIZE : storage.getSize()));
    String storageClass = storage == null ? null : storage.getStorageClassName();
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(StackNames.backupVolume(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(Labels.of(stack, Labels.COMPONENT_BACKUP))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass)
        .withNewResources()
        .addToRequests("storage", size)
        .endResources()
        .endSpec()
        .build();
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      SuperNovaStack primary, Context<SuperNovaStack> context) {
    return new ResourceID(StackNames.backupVolume(primary), primary.getMetadata().getNamespace());
  }
}
