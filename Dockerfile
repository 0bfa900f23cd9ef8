# syntax=docker/dockerfile:1
# The operator image: built from source in a Maven stage, run on a JRE as a fixed non-root user.
#   docker build -t openstack-cloud-operator:0.1.0 .
# Base images are named without a registry host: the builder resolves them against its own default
# or mirror. DockerfileIT checks the paths below exist after `mvn package`; hack/lint.sh runs hadolint.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY operator/pom.xml operator/
# The parent POM lists the e2e module, so the reactor needs its POM even though only operator is built.
COPY e2e/pom.xml e2e/
COPY operator/src operator/src
# The cache mount keeps downloaded dependencies between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q -pl operator -am package -Dmaven.test.skip=true

FROM eclipse-temurin:17-jre
# Root owns the jar, so the operator cannot change its own code.
COPY --from=build /src/operator/target/openstack-cloud-operator.jar /opt/openstack-cloud-operator/openstack-cloud-operator.jar
# Numeric, so Kubernetes' runAsNonRoot can verify it; the Helm chart runs as the same uid.
USER 65532:65532
EXPOSE 8080
# The options of operator/jvm.options (DockerfileIT checks they are all here), with the heap capped
# at 75% of the container's memory limit instead of -Xmx; on OOM exit (and be restarted) rather than
# limp on. glibc keeps at most 2 malloc arenas (see operator/jvm.options).
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Xms32m", "-Xmn16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TrimNativeHeapInterval=5000", "-jar", "/opt/openstack-cloud-operator/openstack-cloud-operator.jar"]
