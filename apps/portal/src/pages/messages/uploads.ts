/** What the messages service takes per attachment (its policy refuses larger ones with the reason). */
export const MAX_UPLOAD = 10 * 1024 * 1024;

/** The file multer gives for a form's `attachment` field (kept in memory: it goes on to the messages service). */
export interface UploadedAttachment {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** The `attachments` of a message to the messages service: the one file chosen, or none. */
export function uploadedAttachments(file: UploadedAttachment | undefined): {
  attachments?: { fileName: string; mimeType: string; content: string }[];
} {
  return file && file.size > 0
    ? { attachments: [{ fileName: file.originalname.slice(0, 200), mimeType: file.mimetype, content: file.buffer.toString('base64') }] }
    : {};
}
