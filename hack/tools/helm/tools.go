//go:build tools

// Package tools pins the binaries hack/build-tools.sh builds from this module.
package tools

import _ "helm.sh/helm/v4/cmd/helm"
