package org.symphony.node.metrics;

import com.sun.management.OperatingSystemMXBean;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import kamon.Kamon;
import kamon.metric.MeasurementUnit;
import kamon.module.Module;
import kamon.prometheus.PrometheusReporter;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.attest.AttestorMetrics;
import org.symphony.audit.attest.IngressAttestor;
import org.symphony.rails.CircuitBreakingRail;

/**
 * The node's metrics: Kamon instruments exported for Prometheus at {@code GET /metrics} on
 * symphony.metrics.port, plus the gauges that are sampled rather than recorded (attestation gap, circuit
 * states, attestor queue, heap, CPU). Kamon is global to the JVM; each node registers its own reporter.
 */
public final class NodeMetrics implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeMetrics.class);

  private static final java.util.concurrent.atomic.AtomicBoolean KAMON_STARTED = new java.util.concurrent.atomic.AtomicBoolean();

  private final Module.Registration reporter;
  private final ServerBinding binding;
  private final List<Cancellable> samplers;

  private NodeMetrics(Module.Registration reporter, ServerBinding binding, List<Cancellable> samplers) {
    this.reporter = reporter;
    this.binding = binding;
    this.samplers = samplers;
  }

  /** The gap count: a query, run on the blocking executor every gap-interval. */
  public interface GapCount {
    long count() throws Exception;
  }

  public static NodeMetrics start(
      ActorSystem<?> system,
      Config config,
      MetricsSettings settings,
      IngressAttestor attestor,
      java.util.function.LongSupplier signedHeadSeq,
      GapCount gap,
      List<CircuitBreakingRail> breakers,
      Executor blocking)
      throws Exception {
    // Once per JVM: starts Kamon's ticker without the instrumentation agent; classpath modules stay off (metrics.conf).
    if (KAMON_STARTED.compareAndSet(false, true)) Kamon.initWithoutAttaching(config);
    else Kamon.reconfigure(config);
    PrometheusReporter prometheus =
        new PrometheusReporter(PrometheusReporter.DefaultConfigPath(),
            ConfigFactory.parseString("kamon.prometheus.start-embedded-http-server = no").withFallback(config));
    Module.Registration registration = Kamon.addReporter("symphony-prometheus-" + System.identityHashCode(system), prometheus);
    try {
      attestor.reportTo(batchesOf());
      Route route = Directives.path("metrics", () -> Directives.get(() ->
          Directives.extractRequest(request -> Directives.complete(
              org.apache.pekko.http.javadsl.model.HttpResponse.create().withEntity(
                  HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, prometheus.scrapeData()))))));
      ServerBinding binding =
          Http.get(system).newServerAt(settings.host(), settings.port()).bind(route).toCompletableFuture().get(30, TimeUnit.SECONDS);
      LOG.info("Prometheus metrics at http://{}:{}/metrics", binding.localAddress().getHostString(), binding.localAddress().getPort());

      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      var memory = ManagementFactory.getMemoryMXBean();
      Runnable gauges = () -> {
        var stats = attestor.stats();
        Instruments.gauge(Instruments.ATTESTATION_QUEUED, stats.queued());
        Instruments.gauge(Instruments.ATTESTATION_SIGNED_HEAD, signedHeadSeq.getAsLong());
        Kamon.gauge(Instruments.ATTESTATION_FAILED_BATCHES).withoutTags().update(stats.failedBatches());
        for (CircuitBreakingRail b : breakers)
          Kamon.gauge(Instruments.CIRCUIT_STATE).withTag("rail", b.id()).update(b.isClosed() ? 0 : b.isOpen() ? 2 : 1);
        Instruments.gauge(Instruments.HEAP_USED, MeasurementUnit.information().bytes(), memory.getHeapMemoryUsage().getUsed());
        Instruments.gauge(Instruments.PROCESS_CPU_TIME, MeasurementUnit.time().seconds(), os.getProcessCpuTime() / 1e9);
        Instruments.gauge(Instruments.PROCESS_CPU_LOAD, Math.max(0, os.getProcessCpuLoad()));
      };
      Runnable gapCount = () -> {
        try {
          Instruments.gauge(Instruments.ATTESTATION_GAP, gap.count());
        } catch (Exception e) {
          LOG.warn("attestation gap not counted; retried in {}: {}", settings.gapInterval(), e.toString());
        }
      };
      var ec = system.executionContext();
      List<Cancellable> samplers = List.of(
          system.scheduler().scheduleAtFixedRate(Duration.ZERO, settings.gaugeInterval(), gauges, ec),
          system.scheduler().scheduleWithFixedDelay(Duration.ZERO, settings.gapInterval(), () -> blocking.execute(gapCount), ec));
      return new NodeMetrics(registration, binding, samplers);
    } catch (Exception | Error e) {
      attestor.reportTo(AttestorMetrics.NONE);
      registration.cancel();
      throw e;
    }
  }

  private static AttestorMetrics batchesOf() {
    return (rows, commitNanos) -> {
      Instruments.counter(Instruments.ATTESTATIONS, rows);
      Kamon.histogram(Instruments.ATTESTATION_BATCH_SIZE).withoutTags().record(rows);
      Instruments.timer(Instruments.ATTESTATION_COMMIT, commitNanos);
    };
  }

  /** Port the scrape endpoint is bound to. */
  public int port() {
    return binding.localAddress().getPort();
  }

  public String url() {
    return "http://" + binding.localAddress().getHostString() + ":" + port() + "/metrics";
  }

  @Override
  public void close() {
    samplers.forEach(Cancellable::cancel);
    binding.unbind();
    reporter.cancel();
  }

}
