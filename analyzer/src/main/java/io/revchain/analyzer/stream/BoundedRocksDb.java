package io.revchain.analyzer.stream;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory every RocksDB store of one analyzer process uses together, whatever the number of stores, tasks
 * and repositories: one block cache shared by all of them, with their memtables counted against it (Kafka Streams'
 * documented bounded-memory configuration). Left alone, each store of each task takes its own 50 MB block cache and up
 * to three 16 MB memtables, so an instance owning many tasks of the analyzer's eight stores could take gigabytes
 * off the heap.
 *
 * <p>The bound is {@value #MEMORY_KEY} (bytes) of the Streams properties, default {@value #DEFAULT_BYTES}; the
 * memtables may use half of it. Shared by every store of the JVM, created by the first store opened.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** The Streams property that sets the bound, in bytes. */
    public static final String MEMORY_KEY = "revchain.rocksdb.memory.bytes";

    public static final long DEFAULT_BYTES = 128L * 1024 * 1024;

    private static Cache cache;
    private static WriteBufferManager buffers;
    private static long bound;

    /** The shared cache and buffer manager, created at the first store's {@code bytes}. */
    private static synchronized void init(long bytes) {
        if (cache == null) {
            bound = bytes;
            // high-priority pool for index and filter blocks, so data blocks never evict them
            cache = new LRUCache(bytes, -1, false, 0.1);
            buffers = new WriteBufferManager(bytes / 2, cache);
        }
    }

    /** The bound in force in this JVM, 0 before any store was opened. */
    static synchronized long bound() {
        return bound;
    }

    static long bytes(Map<String, Object> configs) {
        Object v = configs.get(MEMORY_KEY);
        if (v == null) {
            return DEFAULT_BYTES;
        }
        long bytes = v instanceof Number n
                ? n.longValue()
                : Long.parseLong(v.toString().trim());
        if (bytes < 16L * 1024 * 1024) {
            throw new IllegalArgumentException(MEMORY_KEY + " = " + bytes + ": at least 16 MiB (16777216)");
        }
        return bytes;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        init(bytes(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(buffers);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the buffer manager are shared by every store of the process: never closed per store
    }
}
