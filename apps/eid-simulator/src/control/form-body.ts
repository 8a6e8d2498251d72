import type { Request } from 'express';
import { ProblemException } from '@insyn/observability';

const FORM_LIMIT_BYTES = 8 * 1024;

/**
 * Reads an `application/x-www-form-urlencoded` body (the phone page's forms work without JavaScript).
 * The app registers only a JSON body parser, so the stream is still unread here.
 */
export async function readForm(req: Request): Promise<URLSearchParams> {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new ProblemException(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'Send the form as application/x-www-form-urlencoded.',
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT_BYTES) throw new ProblemException(413, 'content-too-large', 'Content too large', 'The form is too large.');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
