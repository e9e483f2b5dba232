/**
 * Small copies of public product photos for the search results (issue 12, item 11): at most
 * THUMB_PX on the longer side, PNG, made from JPEG (pdf.js's JPEG decoder, already installed for
 * the dossier viewer; EXIF orientation applied as browsers do) and 8-bit PNG originals. Decoding
 * runs in one worker thread (a phone photo takes 0.2–1 s: never on the serving thread), one photo
 * at a time; results are kept in memory (least recently used dropped past THUMB_CACHE_BYTES).
 * Anything it cannot make smaller (WebP, unusual PNGs, a broken file) is answered with the
 * original by the caller (`null`). See docs/decisions/0025.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export const THUMB_PX = 160;
/** Originals up to this size are sent as they are (a thumbnail would not be much smaller). */
export const THUMB_SMALL_ENOUGH = 48 * 1024;
/** Photos above this are not decoded (pixels, i.e. memory in the worker: ~1.5 bytes a pixel for a JPEG). */
const MAX_PIXELS = 50_000_000;
const THUMB_CACHE_BYTES = 16 * 1024 * 1024;

const cache = new Map<string, Buffer>();
let cached = 0;
const inFlight = new Map<string, Promise<Buffer | null>>();

/** A thumbnail of these bytes (kept by `key`, e.g. the file's sha256), or null: send the original. */
export function thumbnail(key: string, mime: string, read: () => Promise<Buffer>): Promise<Buffer | null> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return Promise.resolve(hit);
  }
  if (mime !== "image/jpeg" && mime !== "image/png") return Promise.resolve(null);
  let p = inFlight.get(key);
  if (!p) {
    p = read()
      .then((bytes) => inWorker(bytes, mime))
      .catch(() => null)
      .then((png) => {
        inFlight.delete(key);
        if (png) {
          for (const [k, v] of cache) {
            if (cached + png.length <= THUMB_CACHE_BYTES) break;
            cache.delete(k);
            cached -= v.length;
          }
          cache.set(key, png);
          cached += png.length;
        }
        return png;
      });
    inFlight.set(key, p);
  }
  return p;
}

/* ------------------------------------------------------------------ */
/* The worker                                                          */
/* ------------------------------------------------------------------ */

let worker: Worker | null = null;
let seq = 0;
const waiting = new Map<number, (png: Buffer | null) => void>();

function inWorker(bytes: Buffer, mime: string): Promise<Buffer | null> {
  if (!worker) {
    const decoders = createRequire(import.meta.url).resolve("pdfjs-dist/image_decoders/pdf.image_decoders.mjs");
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { decoders, size: THUMB_PX, maxPixels: MAX_PIXELS }, name: "thumbnails" });
    w.on("message", ({ id, png }: { id: number; png: Uint8Array | null }) => {
      waiting.get(id)?.(png ? Buffer.from(png.buffer, png.byteOffset, png.byteLength) : null);
      waiting.delete(id);
      if (!waiting.size) w.unref();
    });
    const fail = () => {
      if (worker === w) worker = null;
      for (const done of waiting.values()) done(null);
      waiting.clear();
    };
    w.on("error", fail);
    w.on("exit", fail);
    worker = w;
  }
  const id = ++seq;
  worker.ref();
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    worker!.postMessage({ id, bytes: copy, mime }, [copy.buffer]);
  });
}

/** Stops the worker (tests). */
export async function closeThumbnailWorker() {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}

/*
 * Plain CommonJS run with `eval` (no file to find in every build directory). Pixels are RGB,
 * 3 bytes each; an alpha channel is laid over white.
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const zlib = require("node:zlib");
const { size: SIZE, maxPixels: MAX_PIXELS } = workerData;
let JpegImage = null;

parentPort.on("message", async ({ id, bytes, mime }) => {
  let png = null;
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const img = mime === "image/jpeg" ? await decodeJpeg(buf) : decodePng(buf);
    if (img) png = encodePng(img.width > SIZE || img.height > SIZE ? shrink(img) : img);
  } catch {
    png = null;
  }
  parentPort.postMessage({ id, png }, png ? [png.buffer] : []);
});

/** JPEG markers: the frame size and the EXIF orientation (1 when absent). */
function jpegInfo(b) {
  let orientation = 1, width = 0, height = 0, i = 2;
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) { i++; continue; }
    const m = b[i + 1];
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) { i += m === 0xff ? 1 : 2; continue; }
    if (m === 0xda || m === 0xd9) break;
    const len = b.readUInt16BE(i + 2);
    if (m === 0xe1 && b.toString("latin1", i + 4, i + 10) === "Exif\0\0") orientation = exifOrientation(b, i + 10, i + 2 + len) || orientation;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) { height = b.readUInt16BE(i + 5); width = b.readUInt16BE(i + 7); }
    i += 2 + len;
  }
  return { width, height, orientation };
}
function exifOrientation(b, t, end) {
  if (t + 8 > end) return 0;
  const le = b[t] === 0x49;
  const u16 = (o) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const ifd = t + u32(t + 4);
  if (ifd + 2 > end) return 0;
  const n = u16(ifd);
  for (let k = 0; k < n; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > end) return 0;
    if (u16(e) === 0x0112) { const v = u16(e + 8); return v >= 1 && v <= 8 ? v : 0; }
  }
  return 0;
}

async function decodeJpeg(buf) {
  const info = jpegInfo(buf);
  if (!info || !info.width || !info.height || info.width * info.height > MAX_PIXELS) return null;
  JpegImage ??= (await import(require("node:url").pathToFileURL(workerData.decoders).href)).JpegImage;
  const j = new JpegImage();
  j.parse(buf);
  // pdf.js samples at the size asked for (nearest pixel): ask for about 4 × the thumbnail, then average down.
  const f = Math.max(1, Math.min(j.width, j.height, Math.max(j.width, j.height) / (SIZE * 4)));
  const width = Math.max(1, Math.round(j.width / f)), height = Math.max(1, Math.round(j.height / f));
  const data = j.getData({ width, height, forceRGB: true, isSourcePDF: false });
  if (data.length !== width * height * 3) return null;
  return orient({ width, height, data }, info.orientation);
}

/** Applies an EXIF orientation (2–8) to the pixels, as browsers show the photo. */
function orient(img, o) {
  if (o <= 1) return img;
  const { width: w, height: h, data } = img;
  const swap = o >= 5;
  const W = swap ? h : w, H = swap ? w : h;
  const out = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    let sx, sy;
    switch (o) {
      case 2: sx = w - 1 - x; sy = y; break;
      case 3: sx = w - 1 - x; sy = h - 1 - y; break;
      case 4: sx = x; sy = h - 1 - y; break;
      case 5: sx = y; sy = x; break;
      case 6: sx = y; sy = h - 1 - x; break;
      case 7: sx = w - 1 - y; sy = h - 1 - x; break;
      default: sx = w - 1 - y; sy = x; break;
    }
    const s = (sy * w + sx) * 3, d = (y * W + x) * 3;
    out[d] = data[s]; out[d + 1] = data[s + 1]; out[d + 2] = data[s + 2];
  }
  return { width: W, height: H, data: out };
}

/** 8-bit, non-interlaced PNGs (grey, RGB, palette, with or without alpha); null for the rest. */
function decodePng(b) {
  if (b.length < 33 || b.readUInt32BE(0) !== 0x89504e47) return null;
  let i = 8, width = 0, height = 0, depth = 0, type = 0, interlace = 0, palette = null, trns = null;
  const idat = [];
  while (i + 12 <= b.length) {
    const len = b.readUInt32BE(i), kind = b.toString("latin1", i + 4, i + 8), d = b.subarray(i + 8, i + 8 + len);
    if (kind === "IHDR") { width = d.readUInt32BE(0); height = d.readUInt32BE(4); depth = d[8]; type = d[9]; interlace = d[12]; }
    else if (kind === "PLTE") palette = d;
    else if (kind === "tRNS") trns = d;
    else if (kind === "IDAT") idat.push(d);
    else if (kind === "IEND") break;
    i += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[type];
  // A PNG is unpacked whole (3 bytes a pixel out, up to 5 in): half the JPEG limit.
  if (!channels || depth !== 8 || interlace || !width || !height || width * height > MAX_PIXELS / 2 || (type === 3 && !palette)) return null;
  const raw = zlib.inflateSync(Buffer.concat(idat), { maxOutputLength: (width * channels + 1) * height });
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) return null;
  const out = Buffer.alloc(width * height * 3);
  let prev = Buffer.alloc(stride), line = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels] : 0, up = prev[x], c = x >= channels ? prev[x - channels] : 0;
      let v = src[x];
      if (f === 1) v += a;
      else if (f === 2) v += up;
      else if (f === 3) v += (a + up) >> 1;
      else if (f === 4) { const p = a + up - c, pa = Math.abs(p - a), pb = Math.abs(p - up), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c; }
      line[x] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      let r, g, bl, al = 255;
      const s = x * channels;
      if (type === 0) { r = g = bl = line[s]; }
      else if (type === 4) { r = g = bl = line[s]; al = line[s + 1]; }
      else if (type === 2) { r = line[s]; g = line[s + 1]; bl = line[s + 2]; }
      else if (type === 6) { r = line[s]; g = line[s + 1]; bl = line[s + 2]; al = line[s + 3]; }
      else { const p = line[s]; r = palette[p * 3]; g = palette[p * 3 + 1]; bl = palette[p * 3 + 2]; if (trns && p < trns.length) al = trns[p]; }
      const o = (y * width + x) * 3;
      out[o] = (r * al + 255 * (255 - al)) / 255; out[o + 1] = (g * al + 255 * (255 - al)) / 255; out[o + 2] = (bl * al + 255 * (255 - al)) / 255;
    }
    const t = prev; prev = line; line = t;
  }
  return { width, height, data: out };
}

/** Area average down to at most SIZE on the longer side. */
function shrink({ width: w, height: h, data }) {
  const k = SIZE / Math.max(w, h);
  const W = Math.max(1, Math.round(w * k)), H = Math.max(1, Math.round(h * k));
  const out = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    const y0 = Math.floor((y * h) / H), y1 = Math.max(y0 + 1, Math.floor(((y + 1) * h) / H));
    for (let x = 0; x < W; x++) {
      const x0 = Math.floor((x * w) / W), x1 = Math.max(x0 + 1, Math.floor(((x + 1) * w) / W));
      let r = 0, g = 0, b = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) { const s = (yy * w + xx) * 3; r += data[s]; g += data[s + 1]; b += data[s + 2]; }
      const n = (y1 - y0) * (x1 - x0), d = (y * W + x) * 3;
      out[d] = r / n; out[d + 1] = g / n; out[d + 2] = b / n;
    }
  }
  return { width: W, height: H, data: out };
}

const CRC = new Int32Array(256).map((_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c; });
function crc32(buf) { let c = -1; for (let i = 0; i < buf.length; i++) c = CRC[(c ^ buf[i]) & 255] ^ (c >>> 8); return (c ^ -1) >>> 0; }
function chunk(kind, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0); out.write(kind, 4, "latin1"); data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** RGB, 8 bits, each line filtered with "Sub". */
function encodePng({ width, height, data }) {
  const stride = width * 3, raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1), s = y * stride;
    raw[o] = 1;
    for (let x = 0; x < stride; x++) raw[o + 1 + x] = (data[s + x] - (x >= 3 ? data[s + x - 3] : 0)) & 255;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength).slice();
}
`;
