#!/bin/bash
# Creates the revchain topics on the compose cluster (run once by the create-topics service; safe to re-run).
# One `topic NAME PARTITIONS CLEANUP_POLICY` line per entry of io.revchain.event.Topics.all();
# ComposeConsistencyTest fails when this list and Topics disagree.
set -euo pipefail

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka-1:9092}"
KAFKA_TOPICS=/opt/kafka/bin/kafka-topics.sh

# The brokers answer before the controller quorum has settled; wait until listing topics works.
for attempt in $(seq 1 30); do
  if "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --list > /dev/null 2>&1; then
    break
  fi
  if [ "$attempt" -eq 30 ]; then
    echo "create-topics: Kafka at $BOOTSTRAP did not answer" >&2
    exit 1
  fi
  sleep 2
done

topic() {
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" \
    --partitions "$2" --replication-factor 3 --config "cleanup.policy=$3" --config min.insync.replicas=2
  echo "create-topics: $1 ($2 partitions, replication 3, cleanup.policy=$3)"
}

topic revchain.repositories 3 compact
topic revchain.ingest-triggers 3 delete
topic revchain.migration-events 3 delete
topic revchain.deployments 3 compact
topic revchain.health 3 compact
topic revchain.fix-proposals 3 compact
topic revchain.compliance 1 delete
topic revchain.dead-letters 1 delete
topic revchain.ingest-state 3 compact
