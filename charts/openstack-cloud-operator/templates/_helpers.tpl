{{/* Names and labels shared by every template. */}}

{{- define "osc.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release name alone when it already names the chart, so the default install is not "x-x". */}}
{{- define "osc.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "osc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "osc.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "osc.selectorLabels" -}}
app.kubernetes.io/name: {{ include "osc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "osc.labels" -}}
{{ include "osc.selectorLabels" . }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: openstack-cloud-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* Only one replica may reconcile at a time: with more than one they elect a leader. */}}
{{- define "osc.leaderElection" -}}
{{- if gt (int .Values.replicas) 1 }}true{{ else }}false{{ end }}
{{- end }}

{{- define "osc.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
