import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebStream } from 'node:stream/web';
import busboy from 'busboy';
import type { Context } from 'hono';
import { HttpError, invalidField } from '../platform/errors.js';

/** A file posted as multipart/form-data, written to a scratch folder as it arrives, with the form's other fields. */
export interface Upload {
  path: string;
  /** As the person's computer named it (NFC). */
  filename: string;
  /** SHA-256 of the file's bytes: the same file imported twice stores nothing twice. */
  contentHash: string;
  fields: Record<string, string>;
  /** Removes the scratch copy. */
  dispose(): Promise<void>;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const noFile = invalidField('file', 'Cần chọn một tệp', 'A file is required', 'required');

/**
 * Reads a multipart upload without holding it in memory: the one file goes to disk (hashed on the
 * way), a file over `maxBytes` is refused (413) as soon as it passes the limit, and nothing of it
 * is kept.
 */
export async function receiveUpload(c: Context, maxBytes: number): Promise<Upload> {
  const type = c.req.header('content-type') ?? '';
  const body = c.req.raw.body;
  if (!type.startsWith('multipart/form-data') || !body) throw noFile;
  const dir = await mkdtemp(join(tmpdir(), 'sipas-upload-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  const hash = createHash('sha256');
  let file: { name: string; done: Promise<void> } | null = null;
  let tooLarge = false;
  try {
    const parser = busboy({
      headers: { 'content-type': type },
      limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 64 * 1024 },
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        stream.resume();
        return;
      }
      stream.on('data', (chunk: Buffer) => hash.update(chunk));
      stream.on('limit', () => {
        tooLarge = true;
      });
      file = { name: info.filename ?? 'file', done: pipeline(stream, createWriteStream(join(dir, 'upload'))) };
    });
    await pipeline(Readable.fromWeb(body as WebStream<Uint8Array>), parser);
    await (file as { done: Promise<void> } | null)?.done;
  } catch (error) {
    await dispose();
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'bad_upload', { vi: 'Không đọc được nội dung tải lên', en: 'The upload cannot be read' });
  }
  if (tooLarge) {
    await dispose();
    throw new HttpError(
      413,
      'payload_too_large',
      { vi: `Tệp quá lớn (tối đa ${mb(maxBytes)} MB)`, en: `The file is too large (at most ${mb(maxBytes)} MB)` },
      [{ field: 'file', code: 'too_large', message: { vi: `Tối đa ${mb(maxBytes)} MB`, en: `At most ${mb(maxBytes)} MB` } }],
    );
  }
  if (!file) {
    await dispose();
    throw noFile;
  }
  return {
    path: join(dir, 'upload'),
    filename: (file as { name: string }).name.normalize('NFC'),
    contentHash: hash.digest('hex'),
    fields,
    dispose,
  };
}
