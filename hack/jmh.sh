#!/usr/bin/env bash
# Runs the JMH benchmarks in operator/src/test/java/dev/openstackcloud/bench (never part of mvn verify).
#
#   hack/jmh.sh [JMH ARGS]   e.g. hack/jmh.sh DesiredStateBenchmark -f 1 -wi 2 -i 3
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=hack/lib.sh
source "$here/lib.sh"
cd "$here/.."
mvn -B -q -ntp -pl operator -am test-compile -DskipTests
mvn -B -q -ntp -pl operator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath >/dev/null
cd operator
exec java -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main "${@:-DesiredStateBenchmark}"
