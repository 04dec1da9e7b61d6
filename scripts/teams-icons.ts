/**
 * The Teams app icons (chat-platforms.md §12): `color.png` 192×192 full colour, `outline.png` 32×32 white on
 * transparent. Drawn here so they are reproducible without an image editor: a speech bubble with two opposite
 * arrows ("remote support from chat"); a generic mark, not TeamViewer's logo. Operators may swap in their own files.
 * `tsx scripts/teams-icons.ts` rewrites manifests/teams/{color,outline}.png.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

/** Background of the colour icon; the manifest's accentColor is the same. */
export const ICON_ACCENT = '#0E6BC4';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Encodes 8-bit RGB (channels 3) or RGBA (channels 4) pixels, row-major, as a PNG with no row filtering. */
export function encodePng(width: number, height: number, channels: 3 | 4, pixels: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8); // bit depth, colour type, compression, filter, interlace
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Width, height and colour type from a PNG's IHDR, or undefined when the bytes are not a PNG. */
export function pngInfo(buf: Uint8Array): { width: number; height: number; colorType: number } | undefined {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 33 || !b.subarray(0, 8).equals(PNG_SIGNATURE) || b.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), colorType: b.readUInt8(25) };
}

type Pt = readonly [number, number];
const inTriangle = (x: number, y: number, [a, b, c]: readonly [Pt, Pt, Pt]) => {
  const s = (p: Pt, q: Pt) => (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1]);
  const [d1, d2, d3] = [s(a, b), s(b, c), s(c, a)];
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const inRoundRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};

/** The mark in a unit square: bubble (with its tail), the bubble's inside `inset` in, and the two arrows. */
function mark(x: number, y: number, inset: number): { bubble: boolean; inner: boolean; arrows: boolean } {
  const tail = (d: number) => inTriangle(x, y, [[0.3 + d, 0.66], [0.3 + d, 0.84 - 2.2 * d], [0.48 - 1.6 * d, 0.66]]);
  const bubble = inRoundRect(x, y, 0.14, 0.2, 0.86, 0.7, 0.12) || tail(0);
  const inner = inRoundRect(x, y, 0.14 + inset, 0.2 + inset, 0.86 - inset, 0.7 - inset, Math.max(0.12 - inset, 0)) || (inset > 0 && tail(inset) && y > 0.6);
  const arrows =
    inRoundRect(x, y, 0.3, 0.33, 0.6, 0.39, 0) ||
    inTriangle(x, y, [[0.58, 0.27], [0.58, 0.45], [0.7, 0.36]]) ||
    inRoundRect(x, y, 0.4, 0.51, 0.7, 0.57, 0) ||
    inTriangle(x, y, [[0.42, 0.45], [0.42, 0.63], [0.3, 0.54]]);
  return { bubble, inner, arrows };
}

/** Anti-aliased by 4×4 supersampling: `paint` returns [r, g, b, a] for one sample point of the unit square. */
function raster(size: number, paint: (x: number, y: number) => readonly [number, number, number, number]): Float64Array {
  const acc = new Float64Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          // Premultiplied, so averaging samples blends colours correctly at the edges.
          for (let k = 0; k < 3; k++) acc[(py * size + px) * 4 + k]! += (c[k]! * c[3]) / (n * n);
          acc[(py * size + px) * 4 + 3]! += c[3] / (n * n);
        }
      }
    }
  }
  return acc;
}

const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];

/** 192×192 opaque RGB: white bubble with accent-coloured arrows on the accent background. */
export function colorIcon(): Buffer {
  const size = 192;
  const accent = hex(ICON_ACCENT);
  const acc = raster(size, (x, y) => {
    const m = mark(x, y, 0);
    return m.bubble && !m.arrows ? [255, 255, 255, 1] : [...accent, 1];
  });
  const px = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) for (let k = 0; k < 3; k++) px[i * 3 + k] = Math.round(acc[i * 4 + k]!);
  return encodePng(size, size, 3, px);
}

/** 32×32 RGBA: only white pixels, the bubble as a 2-px outline and the arrows, on transparency (Teams' rule). */
export function outlineIcon(): Buffer {
  const size = 32;
  const acc = raster(size, (x, y) => {
    const m = mark(x, y, 0.065);
    return [255, 255, 255, (m.bubble && !m.inner) || m.arrows ? 1 : 0];
  });
  const px = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) px.set([255, 255, 255, Math.round(acc[i * 4 + 3]! * 255)], i * 4);
  return encodePng(size, size, 4, px);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(import.meta.dirname, '../manifests/teams');
  writeFileSync(resolve(dir, 'color.png'), colorIcon());
  writeFileSync(resolve(dir, 'outline.png'), outlineIcon());
  process.stdout.write(`wrote ${dir}/color.png and ${dir}/outline.png\n`);
}
