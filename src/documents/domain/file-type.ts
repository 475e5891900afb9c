/** The file types a listing document may have, recognised from their first bytes (never from the name). */
export type AllowedFileType = { contentType: 'application/pdf' | 'image/jpeg' | 'image/png'; extension: string };

const SIGNATURES: { magic: number[]; type: AllowedFileType }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], type: { contentType: 'application/pdf', extension: 'pdf' } }, // %PDF-
  { magic: [0xff, 0xd8, 0xff], type: { contentType: 'image/jpeg', extension: 'jpg' } },
  { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], type: { contentType: 'image/png', extension: 'png' } },
];

export function sniffFileType(bytes: Uint8Array): AllowedFileType | null {
  for (const { magic, type } of SIGNATURES) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}

/**
 * Characters removed from stored names: controls (Cc), format characters (Cf: bidi overrides that disguise
 * `exe.pdf` as `fdp.exe`, zero-width spaces and joiners, the BOM), line and paragraph separators, and `"`.
 */
const UNSAFE_NAME_CHARS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"]/gu;

/** An extension at the end of a name: a dot and 1-8 letters or digits. */
const EXTENSION = /\.[\p{L}\p{N}]{1,8}$/u;

/**
 * A file name safe to store and to send back in Content-Disposition: no path, none of the unsafe characters above,
 * at most 200 characters, and the extension of the type its bytes are (`scan.jpeg` of a PNG → `scan.png`).
 */
export function cleanFileName(name: string | undefined, extension: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE_NAME_CHARS, '').trim();
  const stem = cleaned.replace(EXTENSION, '').trim().slice(0, 190) || 'document';
  return `${stem}.${extension}`;
}

/** The Content-Disposition of a download: always an attachment, an ASCII fallback name and the UTF-8 name. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
