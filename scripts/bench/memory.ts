/**
 * Peak memory of this process, overall and per stage: `process.memoryUsage()` sampled every `intervalMs`, plus the
 * kernel's own high-water mark (`process.resourceUsage().maxRSS`, what `/usr/bin/time -v` reports), which catches
 * peaks between samples.
 */
export interface MemoryPeak {
  /** bytes */
  rss: number;
  heapUsed: number;
  /** external + array buffers (Buffers, fetch bodies) */
  external: number;
}

export class MemorySampler {
  private readonly timer: NodeJS.Timeout;
  private stagePeak: MemoryPeak = zero();
  readonly overall: MemoryPeak = zero();
  readonly stages: Record<string, MemoryPeak> = {};

  constructor(intervalMs = 20) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  sample(): void {
    const m = process.memoryUsage();
    for (const peak of [this.stagePeak, this.overall]) {
      peak.rss = Math.max(peak.rss, m.rss);
      peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
      peak.external = Math.max(peak.external, m.external);
    }
  }

  /** Runs `fn` as stage `name`, recording the peaks seen while it ran. */
  async stage<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.sample();
    this.stagePeak = zero();
    this.sample();
    try {
      return await fn();
    } finally {
      this.sample();
      this.stages[name] = { ...this.stagePeak };
    }
  }

  /** The kernel's peak resident set size of this process, in bytes. */
  static maxRss(): number {
    return process.resourceUsage().maxRSS * 1024;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const zero = (): MemoryPeak => ({ rss: 0, heapUsed: 0, external: 0 });
