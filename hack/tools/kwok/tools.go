//go:build tools

// Package tools pins the binaries hack/build-tools.sh builds from this module.
package tools

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
	_ "sigs.k8s.io/kwok/cmd/kwokctl"
)
