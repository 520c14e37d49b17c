import { mkdirSync, writeFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * A PDF as a reader sees it, through pdf.js (no system tools): its page count, and its text page
 * by page, NFC, each run of white space one space.
 */
export async function readPdf(bytes: Uint8Array) {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const runs = content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ' '}` : ''));
    pages.push(runs.join('').normalize('NFC').replace(/\s+/g, ' ').trim());
  }
  await pdf.destroy();
  return { pages: pdf.numPages, pageTexts: pages, text: pages.join(' ') };
}

type PageCanvas = { width: number; height: number; encode(format: 'png'): Promise<Buffer> };
type PdfDocument = Awaited<ReturnType<typeof getDocument>['promise']>;

/** Page n of a PDF drawn on white by pdf.js, on the canvas of pdf.js's own canvas package. */
async function drawPage(pdf: PdfDocument, n: number, scale: number) {
  const page = await pdf.getPage(n);
  const viewport = page.getViewport({ scale });
  const factory = pdf.canvasFactory as { create(w: number, h: number): { canvas: PageCanvas; context: CanvasRenderingContext2D } };
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: context, viewport }).promise;
  return { canvas, context };
}

/** Pages first..last of a PDF as PNG images in test-results/, `<name>-<page>.png`, to look at. */
export async function savePages(bytes: Uint8Array, name: string, last = 1, first = 1, scale = 1) {
  const pdf = await getDocument({ data: bytes.slice() }).promise;
  mkdirSync('test-results', { recursive: true });
  for (let n = first; n <= Math.min(last, pdf.numPages); n++) {
    const { canvas } = await drawPage(pdf, n, scale);
    writeFileSync(`test-results/${name}-${n}.png`, await canvas.encode('png'));
  }
  await pdf.destroy();
}

/**
 * How far down each page its content reaches, as a share of the page's height (the page number in
 * the top margin left out): a page whose share is small holds a line or two.
 */
export async function pageFill(bytes: Uint8Array, scale = 0.5): Promise<number[]> {
  const pdf = await getDocument({ data: bytes.slice() }).promise;
  const fills: number[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const { canvas, context } = await drawPage(pdf, n, scale);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const skip = Math.ceil(canvas.height * 0.05);
    let last = 0;
    for (let y = skip; y < canvas.height; y++) {
      for (let x = 0; x < canvas.width; x++) {
        const k = 4 * (y * canvas.width + x);
        if ((data[k] as number) < 200 || (data[k + 1] as number) < 200 || (data[k + 2] as number) < 200) {
          last = y;
          break;
        }
      }
    }
    fills.push(last / canvas.height);
  }
  await pdf.destroy();
  return fills;
}
