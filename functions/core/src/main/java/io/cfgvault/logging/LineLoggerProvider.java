package io.cfgvault.logging;

import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/** The slf4j provider of every cfgvault process (Lambda, CLI, serve, tests): {@link LineLogger}s. */
public final class LineLoggerProvider implements SLF4JServiceProvider {
    private ILoggerFactory factory;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        LogSettings settings = LogSettings.fromEnvironment();
        var loggers = new ConcurrentHashMap<String, Logger>();
        factory = name -> loggers.computeIfAbsent(name, n -> new LineLogger(n, settings));
        markers = new BasicMarkerFactory();
        mdc = new BasicMDCAdapter();
    }
}
