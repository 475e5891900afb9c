import { cleanFileName, sniffFileType } from './file-type';

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
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\scan.png', 'scan.png'],
    ['a"b\u0000c.pdf', 'abc.pdf'],
    ['', 'document.pdf'],
    [undefined, 'document.pdf'],
  ])('%s → %s', (input, expected) => {
    expect(cleanFileName(input, 'pdf')).toBe(expected);
  });
});
