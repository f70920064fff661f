package io.revchain.analysis.wrong;

import io.revchain.analyzer.stream.AnalyzerConfig;
import java.net.http.HttpClient;
import org.apache.kafka.clients.admin.Admin;

/**
 * Deliberately wrong: a class in a pure package ({@code io.revchain.analysis..}) that uses Kafka, the network and a
 * service. It lives in test sources, so only {@code ArchitectureTest#aDeliberatelyWrongImportIsReported} sees it.
 */
public final class PureClassThatTalksToKafka {
    private PureClassThatTalksToKafka() {}

    static Admin admin;
    static HttpClient http;
    static AnalyzerConfig config;
}
