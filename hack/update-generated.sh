#!/usr/bin/env bash
# Refreshes every generated file from the Java types by running the unit tests (the drift and
# golden-file tests among them) with -Dosc.update=true:
#   crds/openstackclouds.openstackcloud.dev.yaml       (CrdDriftTest)
#   charts/openstack-cloud-operator/crds/, config/crd/bases/   (CrdCopiesDriftTest)
#   docs/api.md                                        (ApiReferenceTest)
#   operator/src/test/resources/golden/                (rendered OpenStack config)
# Review the diff before committing: a changed golden file is a changed cloud.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"
cd "$here/.."

mvn -B -ntp -q -pl operator -am test -Dosc.update=true -Dsurefire.failIfNoSpecifiedTests=false "$@"
log "generated files refreshed; review: git status && git diff --stat"
git status --short -- crds charts/openstack-cloud-operator/crds config/crd docs operator/src/test/resources/golden
