package io.revchain.ingest.service;

import io.revchain.event.FileChanged;
import io.revchain.event.MigrationEvent;
import io.revchain.ingest.plan.EventBuilder;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How ingest serializes an event (on the polling thread, before its transaction): a {@link FileChanged} whose serialized form is over the record limit is
 * replaced by {@link EventBuilder#oversize the same change carrying an {@code unparseable-file} finding}, so the
 * broker never refuses it and the commit's report says the file could not be carried. An event is serialized once
 * (twice only when it is over the limit).
 */
final class EventSizeGuard implements Serializer<MigrationEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(EventSizeGuard.class);

    private final Serializer<MigrationEvent> inner;
    private final int limit;

    EventSizeGuard(Serializer<MigrationEvent> inner, int limit) {
        this.inner = inner;
        this.limit = limit;
    }

    @Override
    public byte[] serialize(String topic, MigrationEvent event) {
        byte[] bytes = inner.serialize(topic, event);
        if (bytes != null && bytes.length > limit && event instanceof FileChanged fc) {
            LOG.warn(
                    "{}@{}: {} at {} is a {}-byte event, over the {}-byte limit: published as unparseable-file",
                    fc.repo(),
                    fc.branch(),
                    fc.path(),
                    fc.commit(),
                    bytes.length,
                    limit);
            return inner.serialize(topic, EventBuilder.oversize(fc, bytes.length, limit));
        }
        return bytes;
    }

    @Override
    public void close() {
        inner.close();
    }
}
