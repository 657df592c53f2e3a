/**
 * Server-sent event streams of upload jobs, as plain `ReadableStream` bodies (msw's `sse()` needs a global
 * EventSource, which Node 20 lacks). Each stream replays the job's latest event on connect, pushes new ones as
 * `data: <json>\n\n`, sends `: heartbeat\n\n` comments, and closes once the job has settled.
 */
import type { JobEvent } from '../core/api/schemas';
import { take } from './faults';
import type { MockContext } from './store';
import type { MockJob } from './types';

interface Subscriber {
  send(event: JobEvent): void;
  /** Ends the stream; a stream about to be dropped (fault) is left to error unless `force`. */
  close(force?: boolean): void;
}

/** The open SSE streams of one emulator. */
export interface JobStreams {
  /** A new event stream for `job` (registered until it closes or the client cancels). */
  open(job: MockJob, settled: boolean): ReadableStream<Uint8Array>;
  /** Pushes `event` to the job's open streams, and closes them when `settled`. */
  publish(jobId: string, event: JobEvent, settled: boolean): void;
  /** How many streams are open, for one job or in all. */
  openCount(jobId?: string): number;
  /** Closes every open stream. */
  closeAll(): void;
}

const encoder = new TextEncoder();

/** Creates the stream registry. */
export function createJobStreams(ctx: MockContext): JobStreams {
  const byJob = new Map<string, Set<Subscriber>>();

  function unregister(jobId: string, sub: Subscriber): void {
    const set = byJob.get(jobId);
    if (set === undefined) return;
    set.delete(sub);
    if (set.size === 0) byJob.delete(jobId);
  }

  return {
    open(job, settled) {
      const dropAfter = take(ctx.faults.dropSse, () => {
        delete ctx.faults.dropSse;
      });
      let done = false;
      let dropPending = false;
      let sent = 0;
      let stopHeartbeat: (() => void) | undefined;
      let sub: Subscriber | undefined;
      const cleanup = (): void => {
        done = true;
        stopHeartbeat?.();
        if (sub !== undefined) unregister(job.id, sub);
      };

      return new ReadableStream<Uint8Array>(
        {
          start(controller) {
            const write = (text: string): void => {
              if (done || dropPending) return;
              controller.enqueue(encoder.encode(text));
            };
            sub = {
              send(event) {
                if (done || dropPending) return;
                write(`data: ${JSON.stringify(event)}\n\n`);
                sent += 1;
                // Error the stream only once the consumer has read the K-th event (pull, below): erroring now
                // would discard the queued chunk.
                if (dropAfter !== undefined && sent >= dropAfter) dropPending = true;
              },
              close(force = false) {
                if (done || (dropPending && !force)) return;
                cleanup();
                try {
                  controller.close();
                } catch {
                  // already closed or errored by the consumer
                }
              },
            };
            if (dropAfter === 0) dropPending = true;
            const set = byJob.get(job.id) ?? new Set<Subscriber>();
            set.add(sub);
            byJob.set(job.id, set);
            // A proxy that mixes streams: another job's terminal event comes first.
            if (ctx.faults.crossJobEvents)
              write(
                `data: ${JSON.stringify({ type: 'failed', jobId: `other-${job.id}`, error: 'Not this job' })}\n\n`,
              );
            const latest = job.events.at(-1);
            if (latest !== undefined) sub.send(latest);
            if (settled && !dropPending) {
              sub.close();
              return;
            }
            stopHeartbeat = ctx.timers.interval(() => {
              if (!ctx.faults.heartbeatsStopped) write(': heartbeat\n\n');
            }, ctx.options.heartbeatMs);
          },
          pull(controller) {
            if (dropPending && !done) {
              cleanup();
              controller.error(new Error('SSE stream dropped (fault injection)'));
            }
          },
          cancel() {
            cleanup();
          },
        },
        { highWaterMark: 0 },
      );
    },
    publish(jobId, event, settled) {
      const set = byJob.get(jobId);
      if (set === undefined) return;
      for (const sub of [...set]) {
        sub.send(event);
        if (settled) sub.close();
      }
    },
    openCount(jobId) {
      if (jobId !== undefined) return byJob.get(jobId)?.size ?? 0;
      let n = 0;
      for (const set of byJob.values()) n += set.size;
      return n;
    },
    closeAll() {
      for (const set of [...byJob.values()]) for (const sub of [...set]) sub.close(true);
      byJob.clear();
    },
  };
}
