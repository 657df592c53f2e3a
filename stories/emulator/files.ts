/** Files for stories, made in the browser: real PNGs (drawn on a canvas), small valid PDFs, and big blobs. */
import { encodeBase64, type WireSeedDocument } from './protocol';

/** A PNG of a coloured panel with a label, `width`×`height`. */
export async function makeImage(
  name: string,
  { hue = 210, width = 640, height = 480, label = name } = {},
): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (ctx !== null) {
    const gradient = ctx.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, `hsl(${hue} 70% 55%)`);
    gradient.addColorStop(1, `hsl(${(hue + 40) % 360} 70% 35%)`);
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = 'rgba(255,255,255,0.9)';
    for (let row = 0; row < 3; row += 1) {
      for (let col = 0; col < 4; col += 1) ctx.fillRect(60 + col * 130, 90 + row * 100, 110, 80);
    }
    ctx.font = `bold ${Math.round(height / 14)}px sans-serif`;
    ctx.fillText(label, 24, height - 28);
  }
  const blob = await new Promise<Blob>((resolve) => {
    canvas.toBlob((b) => resolve(b ?? new Blob([], { type: 'image/png' })), 'image/png');
  });
  return new File([blob], name, { type: 'image/png' });
}

/** A tiny but valid one-page PDF. */
export function makePdf(name: string, text = name): File {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length ${44 + text.length}>>stream\nBT /F1 24 Tf 72 700 Td (${text.replace(/[()\\]/g, '')}) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return new File([body], name, { type: 'application/pdf' });
}

/** A file of `bytes` bytes (content does not matter), for progress and big-upload stories. */
export function makeBigFile(name: string, bytes: number, type = 'application/pdf'): File {
  return new File([new Uint8Array(bytes)], name, { type });
}

/** A seed document for the emulator from a file. */
export async function seedFrom(
  file: File,
  extra: Omit<WireSeedDocument, 'filename' | 'bytesBase64' | 'contentType'> = {},
): Promise<WireSeedDocument> {
  return {
    filename: file.name,
    contentType: file.type,
    bytesBase64: encodeBase64(new Uint8Array(await file.arrayBuffer())),
    ...extra,
  };
}

/** A realistic set of stored documents for gallery stories. */
export async function sampleDocuments(): Promise<WireSeedDocument[]> {
  const day = 86_400_000;
  const start = Date.UTC(2026, 9, 1);
  return Promise.all([
    seedFrom(makePdf('utility-bill-september.pdf'), {
      type: 'utilityBill',
      status: 'approved',
      createdAt: start,
    }),
    seedFrom(await makeImage('roof-south.png', { hue: 20 }), { type: 'roofPhoto', createdAt: start + day }),
    seedFrom(await makeImage('roof-east.png', { hue: 120 }), {
      type: 'roofPhoto',
      createdAt: start + 2 * day,
    }),
    seedFrom(makePdf('interconnection-agreement.pdf'), {
      type: 'interconnectionAgreement',
      status: 'rejected',
      createdAt: start + 3 * day,
    }),
    seedFrom(await makeImage('meter.png', { hue: 280 }), {
      type: 'sitePhoto',
      status: 'approved',
      createdAt: start + 4 * day,
    }),
  ]);
}
