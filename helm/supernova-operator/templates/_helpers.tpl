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
Every owned kind needs list/watch (informers), create/patch/update (server-side apply and updates) and
delete (deletionPolicy: Delete; objects a spec change removes, e.g. the HPA when autoscaling is switched off).
*/}}
{{- define "supernova-operator.namespacedRules" -}}
- apiGroups: ["ops.supernova-ai.com"]
  resources: ["supernovastacks"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["ops.supernova-ai.com"]
  resources: ["supernovastacks/status"]
  verbs: ["get", "patch", "update"]
# Owner references with blockOwnerDeletion need update on the owner's finalizers subresource.
- apiGroups: ["ops.supernova-ai.com"]
  resources: ["supernovastacks/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets", "configmaps", "services", "serviceaccounts", "persistentvolumeclaims"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
# Pods are only read: readiness of the database, pooler and API pods feeds the stack's conditions.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["batch"]
  resources: ["cronjobs", "jobs"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies", "ingresses"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
# spec.monitoring: an informer (list, watch), server-side apply (patch), removal when switched off (delete).
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors", "prometheusrules"]
  verbs: ["list", "watch", "patch", "delete"]
{{- end }}

{{/* The only cluster-scoped read the operator needs: whether the Prometheus Operator's CRDs exist. */}}
{{- define "supernova-operator.clusterScopedRules" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  verbs: ["get", "list"]
# Read one StorageClass before growing a volume: does it allow expansion?
- apiGroups: ["storage.k8s.io"]
  resources: ["storageclasses"]
  verbs: ["get"]
{{- end }}
