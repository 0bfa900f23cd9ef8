#!/usr/bin/env bash
# Refreshes operator/src/test/resources/oslo-options/: the (section, option) pairs each OpenStack
# process of the release accepts, taken from the services' own oslo.config option lists.
# OsloOptionsTest checks every file the operator renders against them, so an option a service
# ignores or removed (a typo, a stale name) fails a unit test instead of a real cloud.
#
# Usage: hack/oslo-options.sh [UPPER_CONSTRAINTS_FILE]
#   The constraints file is openstack/requirements' upper-constraints.txt of the release; without
#   it pip picks the newest libraries, whose option lists may differ from the release's.
# Needs python3 (3.9 to 3.12) and a package index; takes a few minutes (it installs the services).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"

# 2025.1 (Epoxy) releases of the services the operator configures
SERVICES=(nova==31.3.1 neutron==26.0.6 glance==30.2.0 keystone==27.0.2 openstack-placement==13.0.1)
LISTS=(keystone glance-api placement nova neutron-server neutron-openvswitch-agent neutron-l3-agent
  neutron-dhcp-agent neutron-metadata-agent)

venv=$OSC_CACHE/oslo-options-venv
out=$here/../operator/src/test/resources/oslo-options
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
fi
constraints=()
if [[ -n ${1:-} ]]; then
  # the services themselves are not in upper-constraints; drop any line that pins one
  grep -ivE '^(nova|neutron|glance|keystone|openstack-placement)===' "$1" > "$venv/constraints.txt"
  constraints=(-c "$venv/constraints.txt")
fi
log "installing ${SERVICES[*]}"
"$venv/bin/pip" install -q "${constraints[@]}" "${SERVICES[@]}"
mkdir -p "$out"
for list in "${LISTS[@]}"; do
  "$venv/bin/python" "$here/oslo-options.py" "$list" 2>/dev/null > "$out/$list.txt"
  log "$list: $(wc -l < "$out/$list.txt") options"
done
