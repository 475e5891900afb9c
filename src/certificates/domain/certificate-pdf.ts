/**
 * The transaction certificate (交易鉴证书) as a one-page A4 PDF in Chinese.
 *
 * Text is set in Noto Sans SC (embedded, subset by pdfkit to the glyphs used, so a certificate weighs tens of KB).
 * Every cell has a maximum number of lines (longer text ends with an ellipsis) and the table's font shrinks until
 * the table fits, so the certificate is always one page. The same input gives the same bytes: the PDF's dates are
 * `issuedAt` and its file ID is derived from its info dictionary.
 *
 * Because pdfkit compresses page content and writes CJK text as glyph ids, the certificate number is also put in
 * the info dictionary (`Subject`, `Keywords`) as a literal ASCII string, where a client can find it in the bytes.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { toBuffer as qrPng, type QRCodeToBufferOptions } from 'qrcode';
import {
  assertPrintable,
  certificateRows,
  formatChineseDateOf,
  type CellParagraph,
  type CertificateDocument,
  type CertificateRow,
} from './certificate-document';

interface Fonts {
  regular: Buffer;
  bold: Buffer;
}

const REGULAR = 'NotoSansSC-Regular';
const BOLD = 'NotoSansSC-Bold';

let fontsLoading: Promise<Fonts> | undefined;

/** The two font files (≈10 MB each), read once per process. */
function loadFonts(): Promise<Fonts> {
  if (!fontsLoading) {
    const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    fontsLoading = Promise.all([
      readFile(join(dir, '400Regular', 'NotoSansSC_400Regular.ttf')),
      readFile(join(dir, '700Bold', 'NotoSansSC_700Bold.ttf')),
    ]).then(
      ([regular, bold]) => ({ regular, bold }),
      (error: unknown) => {
        fontsLoading = undefined; // a failed read is retried next time
        throw error;
      },
    );
  }
  return fontsLoading;
}

// Geometry, in PDF points (A4 = 595.28 × 841.89).
const MARGIN = 48;
const FRAME_OUTER = 22;
const FRAME_INNER = 28;
const LABEL_WIDTH = 104;
const CELL_PAD_X = 7;
const CELL_PAD_Y = 5;
const PARAGRAPH_GAP = 2;
const QR_SIZE = 88;
const ATTESTATION_GAP = 14;
const BLOCK_GAP = 18;
const VERIFY_COLUMN_WIDTH = 250;
/** Table font sizes, tried in order until the table fits. */
const TABLE_FONT_SIZES = [10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7];

const INK = '#1a1a1a';
const MUTED = '#555555';
const FRAME_RED = '#9b1c1c';
const RULE = '#7a7a7a';
const LABEL_FILL = '#f5f0e6';

type Doc = PDFKit.PDFDocument;

/**
 * PNG options that `qrcode` hands on to pngjs (untyped there): an 8-bit grayscale PNG without alpha, which pdfkit
 * embeds as it is, where an RGBA one must be decoded to split off its alpha channel (ten times slower).
 * A fresh object each time: `qrcode` writes the image size into it.
 */
function grayscalePng(): QRCodeToBufferOptions['rendererOpts'] {
  const options: Record<string, number> = { colorType: 0, bitDepth: 8 };
  return options;
}

/** Height of `text` set in the current font at `width`, capped at `maxLines` lines. */
function paragraphHeight(doc: Doc, text: string, width: number, maxLines: number): number {
  const lineHeight = doc.currentLineHeight(true);
  const lines = Math.max(1, Math.round(doc.heightOfString(text, { width }) / lineHeight));
  return Math.min(lines, maxLines) * lineHeight;
}

/**
 * Draws `text` at (x, y) within `width`, on at most `maxLines` lines (the last one ends with '…' when cut);
 * returns the height used. Never starts a new page: pdfkit stops at `height`.
 */
function drawParagraph(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  width: number,
  maxLines: number,
  align: 'left' | 'center' = 'left',
): number {
  const used = paragraphHeight(doc, text, width, maxLines);
  const lineHeight = doc.currentLineHeight(true);
  doc.text(text, x, y, { width, height: (maxLines + 0.5) * lineHeight, ellipsis: true, align });
  return used;
}

function setCellFont(doc: Doc, paragraph: CellParagraph, size: number): void {
  doc.font(paragraph.bold ? BOLD : REGULAR).fontSize(size);
}

function valueHeight(doc: Doc, row: CertificateRow, width: number, size: number): number {
  let height = 0;
  row.value.forEach((paragraph, i) => {
    setCellFont(doc, paragraph, size);
    height += (i > 0 ? PARAGRAPH_GAP : 0) + paragraphHeight(doc, paragraph.text, width, paragraph.maxLines);
  });
  return height;
}

/** The heights of the rows at a font size. */
function rowHeights(doc: Doc, rows: CertificateRow[], width: number, size: number): number[] {
  return rows.map((row) => {
    doc.font(BOLD).fontSize(size);
    const label = doc.currentLineHeight(true);
    return Math.max(label, valueHeight(doc, row, width - 2 * CELL_PAD_X, size)) + 2 * CELL_PAD_Y;
  });
}

/** Draws the table from `top` within `available` points of height (shrinking its font as needed). */
function drawTable(
  doc: Doc,
  rows: CertificateRow[],
  left: number,
  top: number,
  width: number,
  available: number,
): number {
  const valueWidth = width - LABEL_WIDTH;
  let size = 0;
  let heights: number[] = [];
  let total = 0;
  for (const candidate of TABLE_FONT_SIZES) {
    size = candidate;
    heights = rowHeights(doc, rows, valueWidth, size);
    total = heights.reduce((a, b) => a + b, 0);
    if (total <= available) break; // else the smallest size, which fits every bounded cell
  }

  doc.save().rect(left, top, LABEL_WIDTH, total).fill(LABEL_FILL).restore();
  let y = top;
  rows.forEach((row, i) => {
    const h = heights[i];
    doc.font(BOLD).fontSize(size).fillColor(INK);
    const labelY = y + (h - doc.currentLineHeight(true)) / 2;
    drawParagraph(doc, row.label, left + CELL_PAD_X, labelY, LABEL_WIDTH - 2 * CELL_PAD_X, 1, 'center');
    let py = y + CELL_PAD_Y;
    row.value.forEach((paragraph, j) => {
      setCellFont(doc, paragraph, size);
      doc.fillColor(INK);
      if (j > 0) py += PARAGRAPH_GAP;
      py += drawParagraph(
        doc,
        paragraph.text,
        left + LABEL_WIDTH + CELL_PAD_X,
        py,
        valueWidth - 2 * CELL_PAD_X,
        paragraph.maxLines,
      );
    });
    y += h;
    if (i < rows.length - 1) doc.moveTo(left, y).lineTo(left + width, y);
  });
  doc.moveTo(left + LABEL_WIDTH, top).lineTo(left + LABEL_WIDTH, top + total);
  doc.lineWidth(0.5).strokeColor(RULE).stroke();
  doc.lineWidth(1).strokeColor(INK).rect(left, top, width, total).stroke();
  return total;
}

function drawFrame(doc: Doc): void {
  const { width, height } = doc.page;
  doc.save().strokeColor(FRAME_RED);
  doc
    .lineWidth(2.2)
    .rect(FRAME_OUTER, FRAME_OUTER, width - 2 * FRAME_OUTER, height - 2 * FRAME_OUTER)
    .stroke();
  doc
    .lineWidth(0.7)
    .rect(FRAME_INNER, FRAME_INNER, width - 2 * FRAME_INNER, height - 2 * FRAME_INNER)
    .stroke();
  doc.restore();
}

/** Draws the header; returns the y below it. */
function drawHeader(doc: Doc, cert: CertificateDocument, left: number, width: number): number {
  doc.font(BOLD).fontSize(26).fillColor(INK);
  doc.text('农村产权交易鉴证书', left, 58, { width, align: 'center', characterSpacing: 6, lineBreak: false });
  doc.font(REGULAR).fontSize(9.5).fillColor(MUTED);
  doc.text('Certificate of Rural Property Rights Transaction', left, 98, { width, align: 'center', lineBreak: false });
  doc.font(REGULAR).fontSize(11).fillColor(INK);
  doc.text(`证书编号：${cert.certificateNo}`, left, 122, { width, align: 'right', lineBreak: false });
  return 146;
}

const ATTESTATION = '上述交易已在本中心依法公开进行，交易程序符合规定，交易双方已签订合同并完成价款结算，特此鉴证。';

/**
 * Renders the certificate as a one-page A4 PDF; `verifyUrl` (where the public checks it) becomes the QR code.
 * Throws a `RangeError` for malformed input (see `assertPrintable` and `certificateRows`).
 */
export async function renderCertificatePdf(cert: CertificateDocument, verifyUrl: string): Promise<Buffer> {
  assertPrintable(cert);
  if (typeof verifyUrl !== 'string' || verifyUrl.trim() === '') throw new RangeError('verifyUrl must not be empty');
  const rows = certificateRows(cert);
  const [fonts, qr] = await Promise.all([
    loadFonts(),
    qrPng(verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6, rendererOpts: grayscalePng() }),
  ]);

  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: true,
    info: {
      Title: `农村产权交易鉴证书 ${cert.certificateNo}`,
      Subject: cert.certificateNo,
      Keywords: cert.certificateNo,
      Author: cert.centreName,
      Creator: 'Nongjiao',
      CreationDate: cert.issuedAt,
      ModDate: cert.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);

  const { width: pageWidth, height: pageHeight } = doc.page;
  const left = MARGIN;
  const width = pageWidth - 2 * MARGIN;
  const bottom = pageHeight - MARGIN;

  drawFrame(doc);
  const tableTop = drawHeader(doc, cert, left, width);

  // The verification block (bottom left) and the issuer (bottom right), laid out from the bottom up.
  const codeLine = `核验码：${cert.verificationCode}`;
  const verifyLine = `扫码或访问 ${verifyUrl} 核验`;
  doc.font(BOLD).fontSize(10.5);
  const codeHeight = paragraphHeight(doc, codeLine, VERIFY_COLUMN_WIDTH, 1);
  doc.font(REGULAR).fontSize(8);
  const verifyHeight = paragraphHeight(doc, verifyLine, VERIFY_COLUMN_WIDTH, 4);
  const blockTop = bottom - (QR_SIZE + 4 + codeHeight + 2 + verifyHeight);
  doc.image(qr, left, blockTop, { width: QR_SIZE, height: QR_SIZE });
  doc.font(BOLD).fontSize(10.5).fillColor(INK);
  drawParagraph(doc, codeLine, left, blockTop + QR_SIZE + 4, VERIFY_COLUMN_WIDTH, 1);
  doc.font(REGULAR).fontSize(8).fillColor(MUTED);
  drawParagraph(doc, verifyLine, left, blockTop + QR_SIZE + 6 + codeHeight, VERIFY_COLUMN_WIDTH, 4);

  const issuerLeft = left + VERIFY_COLUMN_WIDTH + 20;
  const issuerWidth = left + width - issuerLeft;
  let iy = blockTop + 16;
  doc.font(BOLD).fontSize(13).fillColor(INK);
  iy += drawParagraph(doc, cert.centreName, issuerLeft, iy, issuerWidth, 2, 'center') + 10;
  doc.font(REGULAR).fontSize(11).fillColor(FRAME_RED);
  iy += drawParagraph(doc, '（交易中心盖章）', issuerLeft, iy, issuerWidth, 1, 'center') + 10;
  doc.font(REGULAR).fontSize(11).fillColor(INK);
  drawParagraph(doc, `签发日期：${formatChineseDateOf(cert.issuedAt)}`, issuerLeft, iy, issuerWidth, 1, 'center');

  // The table gets the room left above the block and the attestation that follows it.
  doc.font(REGULAR).fontSize(10.5);
  const attestationHeight = paragraphHeight(doc, ATTESTATION, width, 3);
  const tableRoom = blockTop - ATTESTATION_GAP - attestationHeight - BLOCK_GAP - tableTop;
  const tableHeight = drawTable(doc, rows, left, tableTop, width, tableRoom);
  doc.font(REGULAR).fontSize(10.5).fillColor(INK);
  drawParagraph(doc, ATTESTATION, left, tableTop + tableHeight + ATTESTATION_GAP, width, 3);

  doc.end();
  return done;
}
