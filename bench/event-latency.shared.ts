// The event the event-latency benchmark writes and consumes, shared by its two processes.
import { defineEvent, envelopeOf } from '@insyn/contracts';
import { IsInt, IsNumber, IsString } from 'class-validator';

export class Stamped {
  @IsString()
  id!: string;
  @IsInt()
  n!: number;
  /** When the write began: performance.timeOrigin + performance.now(), in ms (comparable across processes). */
  @IsNumber()
  writtenAt!: number;
}
export class StampedEnvelope extends envelopeOf(Stamped) {}

export const latencyEvents = (suffix: string) => ({
  outbox: defineEvent({ type: `bench.latency${suffix}.stamped.v1`, data: Stamped, envelope: StampedEnvelope, key: (d) => d.id }),
  rawTopic: `bench.latencyraw${suffix}.stamped.v1`,
});

export const wallClockMs = (): number => performance.timeOrigin + performance.now();

export interface LatencyStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function stats(latencies: number[]): LatencyStats {
  const s = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { count: s.length, p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? NaN };
}
