//go:build tools

// Package tools pins the container runtime binaries hack/build-tools.sh builds for the real node:
// containerd, its runc shim and ctr. Its own module: containerd's graph must not move the
// Kubernetes one.
package tools

import (
	_ "github.com/containerd/containerd/v2/cmd/containerd"
	_ "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2"
	_ "github.com/containerd/containerd/v2/cmd/ctr"
)
