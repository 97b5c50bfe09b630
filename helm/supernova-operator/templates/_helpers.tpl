{{/* Names, labels and the operator's RBAC rules: defined once, used by every template. */}}

{{- define "supernova-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "supernova-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "supernova-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels never change between releases: a Deployment's selector is immutable. */}}
{{- define "supernova-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "supernova-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "supernova-operator.labels" -}}
helm.sh/chart: {{ include "supernova-operator.chart" . }}
{{ include "supernova-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: supernova
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "supernova-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "supernova-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "supernova-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
What the operator does to SuperNovaStacks and to the objects it owns. The same rules go into the ClusterRole
(cluster-wide mode) or into a Role in each watched namespace, so the two modes cannot drift apart.
Measured, not guessed: ChartRbacIT runs the operator as this chart's ServiceAccount through a full run and fails
when a verb here is never used (or one it uses is missing); the few it cannot exercise are listed there with the
reason. The other owned objects are written with server-side apply: a patch, authorized as a create as well when
the object does not exist yet. They are read from informers (list, watch); delete is for objects a spec change
removes and for deletionPolicy: Delete.
*/}}
{{- define "supernova-operator.namespacedRules" -}}
# patch: the finalizer of deletionPolicy: Delete stacks and the rollout annotations the operator consumes
# (JSON patches).
# get: java-operator-sdk re-reads a stack when patching its finalizer meets a conflict.
- apiGroups: ["ops.supernova-ai.com"]
  resources: ["supernovastacks"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["ops.supernova-ai.com"]
  resources: ["supernovastacks/status"]
  verbs: ["patch"]
# Owner references with blockOwnerDeletion need update on the owner's finalizers where the
# OwnerReferencesPermissionEnforcement admission plugin is on (OpenShift).
- apiGroups: ["ops.supernova-ai.com"]
  resources: ["supernovastacks/finalizers"]
  verbs: ["update"]
# Secrets and ConfigMaps are written without server-side apply (java-operator-sdk's default for these two kinds):
# create and update. Both are also read (get) when a stack names a user's object: the external credentials Secret,
# the keys of api.envFrom's ConfigMaps and Secrets. Both are deleted when a spec change removes them, and generated
# Secrets with deletionPolicy: Delete.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
# The API pods' ServiceAccount exists as long as the stack (the garbage collector removes it); a Service goes with
# PgBouncer or Redis switched off.
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["list", "watch", "create", "patch"]
# get: the volume about to grow; delete: deletionPolicy: Delete.
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# Pods are only read: readiness of the database, pooler and API pods feeds the stack's conditions. patch, and
# the endpoints rule, only so that the operator may grant them to Patroni in a replicated database's Role (an
# object can only grant what its creator holds): Patroni patches its own pod and keeps its keys in Endpoints; a
# sentinel-mode Redis pod patches its own role label.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch", "patch"]
- apiGroups: [""]
  resources: ["endpoints"]
  verbs: ["get", "list", "watch", "create", "patch"]
# The Role and RoleBinding of a replicated database's pods (database.instances > 1) and of a sentinel-mode Redis's
# pods; removed with the stack.
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
# get: the selector migration reads and replaces a Deployment or StatefulSet made by an older operator.
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["batch"]
  resources: ["cronjobs", "jobs"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies", "ingresses"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# spec.monitoring: an informer (list, watch), server-side apply (patch; create when it makes the object),
# removal when switched off (delete). Measured by ChartRbacIT.
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors", "prometheusrules"]
  verbs: ["list", "watch", "create", "patch", "delete"]
{{- end }}

{{/* The only cluster-scoped permission: whether a StorageClass allows expansion, read before growing a volume. */}}
{{- define "supernova-operator.clusterScopedRules" -}}
- apiGroups: ["storage.k8s.io"]
  resources: ["storageclasses"]
  verbs: ["get"]
{{- end }}
