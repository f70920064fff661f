package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Every store of an analyzer shares one bounded block cache ({@link BoundedRocksDb}). */
class BoundedRocksDbTest {

    @Test
    void everyStoreGetsTheSharedCacheAndBufferManagerAndTheAnalyzerAsksForIt() {
        RocksDB.loadLibrary();
        BoundedRocksDb setter = new BoundedRocksDb();
        try (Options a = new Options();
                Options b = new Options()) {
            a.setTableFormatConfig(new BlockBasedTableConfig());
            b.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("revchain-scripts", a, Map.of());
            setter.setConfig("revchain-health", b, Map.of());
            // both stores' memtables are counted against the one cache
            assertThat(a.writeBufferManager()).isNotNull().isSameAs(b.writeBufferManager());
            assertThat(((BlockBasedTableConfig) a.tableFormatConfig()).cacheIndexAndFilterBlocks())
                    .isTrue();
            assertThat(BoundedRocksDb.bound()).isPositive();
        }
        assertThat(AnalyzerConfig.defaults().streamsProperties(null))
                .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
    }

    @Test
    void theBoundIsReadFromTheStreamsPropertiesAndATinyOneIsRefused() {
        assertThat(BoundedRocksDb.bytes(Map.of())).isEqualTo(BoundedRocksDb.DEFAULT_BYTES);
        assertThat(BoundedRocksDb.bytes(Map.of(BoundedRocksDb.MEMORY_KEY, "268435456")))
                .isEqualTo(268_435_456L);
        assertThatThrownBy(() -> BoundedRocksDb.bytes(Map.of(BoundedRocksDb.MEMORY_KEY, 1024L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(BoundedRocksDb.MEMORY_KEY);
    }
}
