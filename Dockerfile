# syntax=docker/dockerfile:1
# The revchain image: one jar, every command (`revchain ingest|analyzer|repairer|reporter|check|...`).
# Build: docker build -t revchain:latest .      Run: docker run --rm -v "$PWD:/src" revchain:latest check /src

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY core core
COPY analysis analysis
COPY repair repair
COPY events events
COPY git git
COPY runtime runtime
COPY broker broker
COPY testkit testkit
COPY ingest ingest
COPY analyzer analyzer
COPY repairer repairer
COPY reporter reporter
COPY app app
# the demo packs the ACGS-2 fixture into the jar (app/pom.xml resources)
COPY fixtures fixtures
# The Maven cache survives between builds; the tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# curl: the compose healthchecks ask each service's HTTP endpoint.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 revchain \
 && useradd --system --uid 10001 --gid revchain --home-dir /var/lib/revchain --shell /usr/sbin/nologin revchain \
 && mkdir -p /opt/revchain /etc/revchain /var/lib/revchain/work /var/lib/revchain/state \
 && chown -R revchain:revchain /var/lib/revchain
COPY --from=build /build/app/target/revchain.jar /opt/revchain/revchain.jar
# Named volumes mounted on /var/lib/revchain/* start with this ownership, so the non-root user can write them.
USER revchain
WORKDIR /var/lib/revchain
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/opt/revchain/revchain.jar"]
CMD ["--help"]
