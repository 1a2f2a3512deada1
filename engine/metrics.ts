// Prometheus metrics (prom-client). Counters/histograms are updated where things happen;
// gauges that need a query (queue depths, open and overdue tasks) are filled at scrape time.
import client from 'prom-client';

export class Metrics {
  readonly registry = new client.Registry();
  readonly stepDuration = new client.Histogram({
    name: 'grid_step_duration_seconds',
    help: 'Time to process one step job (load, transition, write, outbox)',
    labelNames: ['job'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly versionConflicts = new client.Counter({
    name: 'grid_version_conflicts_total',
    help: 'Optimistic concurrency conflicts retried',
    registers: [this.registry],
  });
  readonly escalations = new client.Counter({
    name: 'grid_escalations_total',
    help: 'Escalations fired, by target level (supervised = 挂牌督办)',
    labelNames: ['to'],
    registers: [this.registry],
  });
  readonly timerLateness = new client.Histogram({
    name: 'grid_timer_lateness_seconds',
    help: 'How late timers fired after their due time',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30, 300],
    registers: [this.registry],
  });
  readonly incidents = new client.Counter({
    name: 'grid_incidents_total',
    help: 'Incidents raised',
    registers: [this.registry],
  });

  constructor() {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'grid_' });
  }

  /** Registers a gauge whose value is computed on every scrape. */
  gauge(name: string, help: string, labelNames: string[], collect: (g: client.Gauge) => Promise<void>): void {
    new client.Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }
}
