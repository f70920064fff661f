# syntax=docker/dockerfile:1
# The revchain image: every command (`revchain check|repair|...|ingest|analyzer|repairer|reporter`), the short ones
# from the slim jar. Build: docker build -t revchain:latest .
# Use on a repository:  docker run --rm -v "$PWD:/src" revchain:latest check /src
# (pre-commit's `language: docker` hooks build it and run `revchain` as the calling user.)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY build-config build-config
# every module of the reactor (DockerfileTest keeps this list in step with pom.xml)
COPY core core
COPY analysis analysis
COPY repair repair
COPY events events
COPY git git
COPY runtime runtime
COPY broker broker
COPY deployments deployments
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
# curl: the compose healthchecks ask each service's HTTP endpoint. git: the pre-commit hooks' --tracked-only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl git \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 revchain \
 && useradd --system --uid 10001 --gid revchain --home-dir /var/lib/revchain --shell /usr/sbin/nologin revchain \
 && mkdir -p /opt/revchain /etc/revchain /var/lib/revchain/work /var/lib/revchain/state \
 && chown -R revchain:revchain /var/lib/revchain
COPY --from=build /build/app/target/revchain.jar /build/app/target/revchain-slim.jar /opt/revchain/
COPY deploy/docker/revchain /usr/local/bin/revchain
# The short commands' start-up archive, recorded from a warm-up run of each of them (readable by any user).
RUN chmod 0755 /usr/local/bin/revchain \
 && java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:DumpLoadedClassList=/tmp/classes \
      -jar /opt/revchain/revchain-slim.jar warmup >/dev/null \
 && java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:dump -XX:SharedClassListFile=/tmp/classes \
      -XX:SharedArchiveFile=/opt/revchain/revchain-slim.jsa -cp /opt/revchain/revchain-slim.jar >/dev/null \
 && rm -f /tmp/classes \
 && chmod -R a+rX /opt/revchain
# Named volumes mounted on /var/lib/revchain/* start with this ownership, so the non-root user can write them.
USER revchain
WORKDIR /var/lib/revchain
ENTRYPOINT ["revchain"]
CMD ["--help"]
