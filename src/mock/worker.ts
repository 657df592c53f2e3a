/**
 * The emulator's background worker: once every file of a job has landed it waits `processingDelayMs`, persists the
 * document(s) per the `grouped` rule, emits `complete`, makes image variants and emits `imageVariantsReady`.
 */
import { isImageContentType } from '../core/api/documentTypes';
import type { ExternalReference, JobEvent } from '../core/api/schemas';
import type { MockContext } from './store';
import { applicationIdFor, makeFile, toApiDocument } from './store';
import type { JobStreams } from './sse';
import type { MockDocument, MockFile, MockJob, MockVariant, VariantName } from './types';

/** What the handlers ask of the worker. */
export interface JobWorker {
  /** Registers a new job and emits `awaitingUpload`. */
  jobCreated(job: MockJob): void;
  /** A file of the job landed: when it was the last one, emits `queued` and schedules processing. */
  fileLanded(job: MockJob): void;
  /** Fails a job that has not completed, at once. Throws for an unknown job. */
  failJobNow(jobId: string, message: string): void;
  /** Whether the job emits nothing more (its SSE streams close). */
  isSettled(job: MockJob): boolean;
  /** Resolves when no worker step is pending. */
  flush(): Promise<void>;
}

/** Longest edge, in pixels, of each rendition. */
const VARIANT_SIZES: Record<VariantName, number> = { thumbnail: 256, preview: 1024, gallery: 2048 };

/**
 * Renders the image variants. Where the runtime can decode and encode images (browsers: `createImageBitmap` and
 * `OffscreenCanvas`) they are really resized to JPEG; elsewhere (Node) or when decoding fails, each variant holds the
 * original bytes, which is enough for tests that follow the URLs.
 */
export async function renderVariants(
  bytes: Uint8Array,
  contentType: string,
): Promise<Record<VariantName, MockVariant>> {
  const fallback = { bytes, contentType };
  const out: Record<VariantName, MockVariant> = { thumbnail: fallback, preview: fallback, gallery: fallback };
  const g = globalThis as {
    createImageBitmap?: typeof createImageBitmap;
    OffscreenCanvas?: typeof OffscreenCanvas;
  };
  if (typeof g.createImageBitmap !== 'function' || typeof g.OffscreenCanvas !== 'function') return out;
  try {
    const bitmap = await g.createImageBitmap(
      new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType }),
    );
    try {
      for (const name of Object.keys(VARIANT_SIZES) as VariantName[]) {
        const scale = Math.min(1, VARIANT_SIZES[name] / Math.max(bitmap.width, bitmap.height, 1));
        const width = Math.max(1, Math.round(bitmap.width * scale));
        const height = Math.max(1, Math.round(bitmap.height * scale));
        const canvas = new g.OffscreenCanvas(width, height);
        const context = canvas.getContext('2d');
        if (context === null) return out;
        context.drawImage(bitmap, 0, 0, width, height);
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
        out[name] = { bytes: new Uint8Array(await blob.arrayBuffer()), contentType: 'image/jpeg' };
      }
    } finally {
      bitmap.close();
    }
  } catch {
    return { thumbnail: fallback, preview: fallback, gallery: fallback };
  }
  return out;
}

/** What one upload (v2 job or v1 request) turns into documents. */
export interface NewDocumentsInput {
  accountId: string;
  type: string;
  externalReference?: ExternalReference | undefined;
  grouped: boolean;
  files: MockFile[];
  jobId?: string;
}

/** Persists documents: `grouped` → one document with every file; otherwise one document per file. */
export function persistDocuments(ctx: MockContext, input: NewDocumentsInput): MockDocument[] {
  const now = ctx.now();
  const groups = input.grouped || input.files.length <= 1 ? [input.files] : input.files.map((f) => [f]);
  return groups.map((files) => {
    const doc: MockDocument = {
      id: ctx.nextDocumentId(),
      accountId: input.accountId,
      applicationId: applicationIdFor(input.accountId),
      status: 'pending',
      archived: false,
      type: input.type,
      ...(input.externalReference === undefined ? {} : { externalReference: input.externalReference }),
      files,
      createdAt: now,
      updatedAt: now,
      ...(input.jobId === undefined ? {} : { jobId: input.jobId }),
    };
    ctx.db.documents.set(doc.id, doc);
    return doc;
  });
}

/** Creates the worker. */
export function createJobWorker(ctx: MockContext, streams: JobStreams): JobWorker {
  const pending = new Set<Promise<void>>();

  const timestamp = (): string => new Date(ctx.now()).toISOString();
  const isSettled = (job: MockJob): boolean => job.state === 'settled' || job.state === 'failed';

  function emit(job: MockJob, event: JobEvent): void {
    job.events.push(event);
    streams.publish(job.id, event, isSettled(job));
  }

  function fail(job: MockJob, message: string): void {
    job.state = 'failed';
    emit(job, { type: 'failed', jobId: job.id, error: message, timestamp: timestamp() });
  }

  function track(work: () => Promise<void>): void {
    const promise = work().finally(() => pending.delete(promise));
    pending.add(promise);
  }

  async function documentsEvent(
    job: MockJob,
    type: 'complete' | 'imageVariantsReady',
    docs: MockDocument[],
  ): Promise<JobEvent> {
    const documents = await Promise.all(docs.map((doc) => toApiDocument(ctx, doc)));
    return { type, jobId: job.id, documents, timestamp: timestamp() };
  }

  async function addVariants(docs: MockDocument[]): Promise<void> {
    for (const doc of docs) {
      for (const file of doc.files) {
        if (isImageContentType(file.contentType)) {
          file.variants = await renderVariants(file.bytes, file.contentType);
          doc.updatedAt = ctx.now();
        }
      }
    }
  }

  function process(job: MockJob): void {
    const generation = ctx.timers.generation;
    const stopped = (): boolean => ctx.timers.disposed(generation) || isSettled(job);
    track(async () => {
      await ctx.timers.sleep(ctx.options.processingDelayMs);
      if (stopped() || job.state !== 'queued') return;
      if (job.failWith !== undefined) {
        fail(job, job.failWith);
        return;
      }
      job.state = 'processing';
      const files: MockFile[] = job.stagingPaths.map((path) => {
        const staged = ctx.db.staged.get(path);
        return makeFile(
          staged?.filename ?? path,
          staged?.contentType ?? 'application/octet-stream',
          staged?.bytes ?? new Uint8Array(),
        );
      });
      const docs = persistDocuments(ctx, {
        accountId: job.accountId,
        type: job.type,
        externalReference: job.externalReference,
        grouped: job.grouped,
        files,
        jobId: job.id,
      });
      job.documentIds = docs.map((d) => d.id);
      job.state = 'complete';
      const hasImages = files.some((f) => isImageContentType(f.contentType));
      // The contract closes SSE on `imageVariantsReady`, so every job emits it, even one without images (its
      // documents are then unchanged, sent right after `complete`): clients can rely on one terminal event.
      // The stream closes once both events were sent (or on `failed`), whichever order they come in.
      if (!ctx.options.variantsBeforeComplete) {
        const complete = await documentsEvent(job, 'complete', docs);
        if (ctx.timers.disposed(generation)) return;
        emit(job, complete);
        if (hasImages) {
          await ctx.timers.sleep(ctx.options.variantsDelayMs);
          if (ctx.timers.disposed(generation)) return;
          await addVariants(docs);
        }
        const variants = await documentsEvent(job, 'imageVariantsReady', docs);
        if (ctx.timers.disposed(generation)) return;
        job.state = 'settled';
        emit(job, variants);
      } else {
        if (hasImages) await addVariants(docs);
        const variants = await documentsEvent(job, 'imageVariantsReady', docs);
        if (ctx.timers.disposed(generation)) return;
        emit(job, variants);
        if (hasImages) {
          await ctx.timers.sleep(ctx.options.variantsDelayMs);
          if (ctx.timers.disposed(generation)) return;
        }
        const complete = await documentsEvent(job, 'complete', docs);
        if (ctx.timers.disposed(generation)) return;
        job.state = 'settled';
        emit(job, complete);
      }
    });
  }

  return {
    jobCreated(job) {
      if (ctx.faults.failNextJob !== undefined) {
        job.failWith = ctx.faults.failNextJob;
        delete ctx.faults.failNextJob;
      }
      emit(job, { type: 'awaitingUpload', jobId: job.id, timestamp: timestamp() });
    },
    fileLanded(job) {
      if (job.state !== 'awaitingUpload') return;
      const landed = job.stagingPaths.every((path) => ctx.db.staged.get(path)?.bytes !== undefined);
      if (!landed) return;
      job.state = 'queued';
      emit(job, { type: 'queued', jobId: job.id, timestamp: timestamp() });
      if (ctx.faults.neverComplete) return;
      process(job);
    },
    failJobNow(jobId, message) {
      const job = ctx.db.jobs.get(jobId);
      if (job === undefined) throw new Error(`failJob: unknown job "${jobId}".`);
      if (job.state === 'awaitingUpload' || job.state === 'queued' || job.state === 'processing') {
        fail(job, message);
      }
    },
    isSettled,
    async flush() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
