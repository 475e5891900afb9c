import { attachmentDisposition, cleanFileName, sniffFileType } from './file-type';

describe('sniffFileType', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n...'), 'application/pdf'],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
  ])('recognises %s by its bytes', (_, bytes, type) => {
    expect(sniffFileType(bytes)?.contentType).toBe(type);
  });

  it.each([
    ['text', Buffer.from('hello')],
    ['a GIF', Buffer.from('GIF89a')],
    ['a ZIP (docx)', Buffer.from([0x50, 0x4b, 0x03, 0x04])],
    ['a truncated PNG header', Buffer.from([0x89, 0x50, 0x4e])],
    ['nothing', Buffer.alloc(0)],
    ['an executable', Buffer.from([0x7f, 0x45, 0x4c, 0x46])],
  ])('refuses %s', (_, bytes) => {
    expect(sniffFileType(bytes)).toBeNull();
  });
});

describe('cleanFileName', () => {
  it.each([
    ['承包经营权证.pdf', '承包经营权证.pdf'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['C:\\Users\\x\\scan.png', 'scan.pdf'],
    ['a"b\u0000c.pdf', 'abc.pdf'],
    ['', 'document.pdf'],
    [undefined, 'document.pdf'],
    ['scan.jpeg', 'scan.pdf'],
    ['扫描件', '扫描件.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.pdf'],
    ['zero\u200Bwidth\u200D\uFEFF.pdf', 'zerowidth.pdf'],
    ['bidi\u2066isolate\u2069.pdf', 'bidiisolate.pdf'],
    ['line\u2028break.pdf', 'linebreak.pdf'],
    ['.pdf', 'document.pdf'],
    ['a'.repeat(300) + '.pdf', 'a'.repeat(190) + '.pdf'],
  ])('%s → %s', (input, expected) => {
    expect(cleanFileName(input, 'pdf')).toBe(expected);
  });
});

describe('attachmentDisposition', () => {
  it('is an attachment with an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition('承包经营权证.pdf')).toBe(
      `attachment; filename="______.pdf"; filename*=UTF-8''${encodeURIComponent('承包经营权证.pdf')}`,
    );
  });
});
