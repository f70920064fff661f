package io.revchain.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The one logging configuration of the {@code revchain} process (logback, found through {@code ServiceLoader}; no XML
 * is parsed). Log lines go to stderr, in slf4j-simple's old layout ({@code [thread] LEVEL logger - message}), or as
 * one JSON object per line for containers when {@code REVCHAIN_LOG_FORMAT=json} (logback's {@link JsonEncoder}).
 * revchain's own loggers log at INFO; Kafka's broker, controller and clients and the SSH transport are kept at WARN or
 * ERROR, so no library line reaches a CLI console. Levels set the slf4j-simple way
 * ({@code -Dorg.slf4j.simpleLogger.defaultLogLevel=debug}, {@code -Dorg.slf4j.simpleLogger.log.NAME=LEVEL}) still
 * apply, and {@code -Dlogback.configurationFile=FILE} replaces all of this with the file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** The environment variable that selects the format: {@code text} (default) or {@code json}. */
    public static final String FORMAT_ENV = "REVCHAIN_LOG_FORMAT";

    private static final String SIMPLE = "org.slf4j.simpleLogger.";

    /** Library loggers that are chatty at INFO (and some at WARN) in normal operation. */
    static final Map<String, Level> QUIET = Map.ofEntries(
            Map.entry("kafka", Level.WARN),
            Map.entry("org.apache.kafka", Level.WARN),
            Map.entry("state.change.logger", Level.WARN),
            // logs every routine activation of an empty or restarted metadata log at WARN
            Map.entry("org.apache.kafka.controller.QuorumController", Level.ERROR),
            // warns on every clean broker shutdown and every refused connection to a stopping broker
            Map.entry("org.apache.kafka.clients.NetworkClient", Level.ERROR),
            // warns when state.dir is under the OS temp folder, which demo and run (without --data-dir) mean to use
            Map.entry("org.apache.kafka.streams.processor.internals.StateDirectory", Level.ERROR),
            // recommends a setting for the global thread on every start (revchain has no global table)
            Map.entry("org.apache.kafka.streams.StreamsConfig", Level.ERROR),
            // MINA sshd and JGit's transport on it log every session at INFO or WARN
            Map.entry("org.apache.sshd", Level.ERROR),
            Map.entry("org.eclipse.jgit.internal.transport.sshd", Level.ERROR),
            Map.entry("org.eclipse.jgit.transport.sshd", Level.ERROR),
            // revchain status: a driver's WARN on a refused read repeats what the database's status already says
            Map.entry("org.mariadb.jdbc", Level.ERROR),
            Map.entry("org.postgresql", Level.ERROR),
            Map.entry("org.sqlite", Level.ERROR));

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder(context, System.getenv(FORMAT_ENV)));
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty(SIMPLE + "defaultLogLevel"), Level.INFO));
        root.addAppender(console);
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(SIMPLE + "log.")) {
                context.getLogger(key.substring(SIMPLE.length() + 4))
                        .setLevel(Level.toLevel(System.getProperty(key), null));
            }
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Sends every log line to {@code file} and keeps on the console only revchain's own warnings and errors: what
     * an interactive command (the demo) says on its console is then the product's own output, and the libraries'
     * lines (Kafka, Kafka Streams, JGit) are in the file. Closing it restores the console.
     *
     * @return the diversion, or {@code null} when logging is not this configuration (another binding, or a
     *     {@code logback.configurationFile}), which is then left alone
     */
    public static AutoCloseable divertToFile(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
                || System.getProperty("logback.configurationFile") != null) {
            return null;
        }
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(file.toString());
        appender.setAppend(true);
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%d{HH:mm:ss.SSS} [%thread] %level %logger - %msg%n");
        text.start();
        appender.setEncoder(text);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = root.getAppender("stderr");
        OwnWarnings filter = new OwnWarnings();
        filter.start();
        if (console != null) {
            console.addFilter(filter);
        }
        root.addAppender(appender);
        return () -> {
            filter.stop();
            root.detachAppender(appender);
            appender.stop();
        };
    }

    /** Lets through revchain's own warnings and errors only (while started). */
    private static final class OwnWarnings extends Filter<ILoggingEvent> {
        @Override
        public FilterReply decide(ILoggingEvent e) {
            if (!isStarted()) {
                return FilterReply.NEUTRAL;
            }
            return e.getLoggerName().startsWith("io.revchain") && e.getLevel().isGreaterOrEqual(Level.WARN)
                    ? FilterReply.NEUTRAL
                    : FilterReply.DENY;
        }
    }

    static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
        if (format != null && format.strip().toLowerCase(Locale.ROOT).equals("json")) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("[%thread] %level %logger - %msg%n");
        text.start();
        return text;
    }
}
