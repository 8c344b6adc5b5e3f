// Reports the live stream's health to the backend every few seconds ('stream:health', host only): telemetry,
// so it is sent straight over the room's socket while connected and dropped while offline (never through the
// outbox: an old health report is worth nothing). Samples the video producer's getStats().
import type { RoomClient } from '../../media/room-client';
import { healthReport, healthSample, type HealthSample } from './health-report';

export const HEALTH_REPORT_MS = 3000;

export interface HealthReporterDeps {
  client(): RoomClient | null;
  roomId(): string | null;
  captionLagMs(): number | null;
  intervalMs?: number;
}

export class StreamHealthReporter {
  private timer: ReturnType<typeof setInterval> | null = null;
  private last: HealthSample | null = null;
  private busy = false;
  /** Reports sent, and dropped because the socket was offline (for the tests and the log). */
  sent = 0;
  dropped = 0;

  constructor(private readonly deps: HealthReporterDeps) {}

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.last = null;
    this.timer = setInterval(() => void this.sample(), this.deps.intervalMs ?? HEALTH_REPORT_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.last = null;
  }

  /** Takes one sample and, with the previous one, sends a report (exposed for tests). */
  async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const client = this.deps.client();
      const roomId = this.deps.roomId();
      if (!client || !roomId) return;
      if (!client.socket.connected) {
        // Offline: the producer is made anew after the reconnect, so its counters start again too.
        if (this.last) this.dropped++;
        this.last = null;
        return;
      }
      const report = await client.producerStats('video').catch(() => null);
      const sample = report ? healthSample(report) : null;
      if (!sample) return;
      const prev = this.last;
      this.last = sample;
      const health = prev ? healthReport(roomId, prev, sample, this.deps.captionLagMs()) : null;
      if (!health) return;
      this.sent++;
      // The answer only says whether the backend took it; a refused or lost report is not sent again.
      await client.request('stream:health', health).catch(() => undefined);
    } finally {
      this.busy = false;
    }
  }

  close(): void {
    this.stop();
  }
}
