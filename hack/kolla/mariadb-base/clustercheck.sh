#!/bin/bash
# Galera node health as an HTTP response on stdout (for socat/xinetd), in place of the script
# Kolla downloads from Fedora's mariadb package, which cannot be reached here. Same contract:
# 200 when the node is Synced (or Donor with AVAILABLE_WHEN_DONOR=1) or not clustered, 503 otherwise.
#   clustercheck [user] [password] [available_when_donor] [err_file] [defaults_extra_file]
MYSQL_USERNAME=${1:-${MYSQL_USERNAME:-clustercheckuser}}
MYSQL_PASSWORD=${2:-${MYSQL_PASSWORD:-}}
AVAILABLE_WHEN_DONOR=${3:-${AVAILABLE_WHEN_DONOR:-0}}
ERR_FILE=${4:-/dev/null}
DEFAULTS_EXTRA_FILE=${5:-/etc/my.cnf}
TIMEOUT=${TIMEOUT:-10}
set -o pipefail

respond() {
  local code=$1 reason=$2 body=$3
  printf 'HTTP/1.1 %s %s\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s\r\n' \
    "$code" "$reason" $((${#body} + 2)) "$body"
  exit $((code == 200 ? 0 : 1))
}

extra=()
[[ -r $DEFAULTS_EXTRA_FILE ]] && extra=(--defaults-extra-file="$DEFAULTS_EXTRA_FILE")
state=$(MYSQL_PWD=$MYSQL_PASSWORD timeout "$TIMEOUT" mysql "${extra[@]}" -nNE --connect-timeout="$TIMEOUT" \
  --user="$MYSQL_USERNAME" -e "SHOW STATUS LIKE 'wsrep_local_state';" 2>>"$ERR_FILE" | tail -1)
rc=$?
((rc == 0)) || respond 503 "Service Unavailable" "MariaDB cannot be reached."
case $state in
  4) respond 200 OK "Galera cluster node is synced." ;;
  2) [[ $AVAILABLE_WHEN_DONOR == 1 ]] && respond 200 OK "Galera cluster node is a donor."
     respond 503 "Service Unavailable" "Galera cluster node is a donor." ;;
  "") respond 200 OK "MariaDB is up (not clustered)." ;;
  *) respond 503 "Service Unavailable" "Galera cluster node is not synced (state $state)." ;;
esac
