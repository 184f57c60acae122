#!/usr/bin/env node
// Draws the Teams app icons (teamsapp/color.png, teamsapp/outline.png) from code, so they can be reviewed and
// regenerated without an image editor: `node scripts/make-icons.mjs`.
// The emblem is a shield (policing) with a tick (contact made). Colour icon: white shield on police blue with a blue
// tick, 192×192. Outline icon: the same shield drawn as a white line with a white tick on a transparent background,
// 32×32 — Teams requires the outline icon to use only white and transparency.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

/** Also the manifest's accentColor, so the icon tile and the app's accent match. */
const POLICE_BLUE = [0x1e, 0x4d, 0x8c];
const WHITE = [0xff, 0xff, 0xff];

// ---- PNG encoding (8-bit RGBA, no interlace) ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), 8 + data.length);
  return out;
}

/** @param {number} width @param {number} height @param {Uint8Array} rgba width*height*4 bytes, row-major */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter "none": larger file, but trivially checkable
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---- Shapes, in emblem coordinates: u right, v down, the emblem spanning about [-1, 1] on both axes ----

/** A heater shield: straight sides, a top edge that dips slightly in the middle, curving to a point at the bottom. */
function insideShield(u, v, { halfWidth, top, shoulder, bottom, dip }) {
  const across = u / halfWidth;
  if (Math.abs(across) > 1) return false;
  if (v < top + dip * (1 - across * across) || v > bottom) return false;
  if (v <= shoulder) return true;
  const t = (v - shoulder) / (bottom - shoulder);
  return Math.abs(u) <= halfWidth * (1 - t ** 1.8);
}

function distanceToSegment(u, v, [au, av], [bu, bv]) {
  const du = bu - au;
  const dv = bv - av;
  const along = Math.max(0, Math.min(1, ((u - au) * du + (v - av) * dv) / (du * du + dv * dv)));
  return Math.hypot(u - (au + along * du), v - (av + along * dv));
}

const TICK = [[-0.34, 0.0], [-0.09, 0.27], [0.36, -0.26]];

function onTick(u, v, halfThickness) {
  return distanceToSegment(u, v, TICK[0], TICK[1]) <= halfThickness || distanceToSegment(u, v, TICK[1], TICK[2]) <= halfThickness;
}

const SHIELD = { halfWidth: 0.8, top: -0.9, shoulder: -0.05, bottom: 0.98, dip: 0.07 };

function shrunk(shield, by) {
  return { ...shield, halfWidth: shield.halfWidth - by, top: shield.top + by, bottom: shield.bottom - 1.9 * by };
}

/**
 * Renders size×size pixels; `paint(u, v)` returns layer coverages for one sample. Each pixel averages samples×samples
 * sub-samples, which anti-aliases the edges without any curve maths.
 */
function render(size, scale, samples, paint, compose) {
  const rgba = new Uint8Array(size * size * 4);
  const centre = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const layers = [];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples - centre) / scale;
          const v = (y + (sy + 0.5) / samples - centre) / scale;
          paint(u, v).forEach((hit, i) => (layers[i] = (layers[i] ?? 0) + (hit ? 1 : 0)));
        }
      }
      const pixel = compose(layers.map((n) => n / (samples * samples)));
      rgba.set(pixel.map((c) => Math.round(c)), (y * size + x) * 4);
    }
  }
  return rgba;
}

const mix = (from, to, amount) => from.map((c, i) => c + (to[i] - c) * amount);

function colorIcon() {
  const size = 192;
  const rgba = render(
    size,
    60, // the emblem fills the central ~120 px, leaving the margin Teams crops into rounded tiles
    4,
    (u, v) => [insideShield(u, v, SHIELD), onTick(u, v, 0.085)],
    ([shield, tick]) => [...mix(mix(POLICE_BLUE, WHITE, shield), POLICE_BLUE, tick), 255],
  );
  return encodePng(size, size, rgba);
}

function outlineIcon() {
  const size = 32;
  const scale = 15;
  // At 32 px a curved top edge blurs: the outline's top is flat and its straight edges sit on whole pixels.
  const shield = { ...SHIELD, top: -14 / scale, dip: 0 };
  const line = 2 / scale;
  const rgba = render(
    size,
    scale,
    8,
    (u, v) => [(insideShield(u, v, shield) && !insideShield(u, v, shrunk(shield, line))) || onTick(u, v, 0.1)],
    ([ink]) => [...WHITE, 255 * ink],
  );
  return encodePng(size, size, rgba);
}

const teamsapp = join(dirname(fileURLToPath(import.meta.url)), "..", "teamsapp");
for (const [name, png] of [["color.png", colorIcon()], ["outline.png", outlineIcon()]]) {
  writeFileSync(join(teamsapp, name), png);
  console.log(`wrote ${join(teamsapp, name)} (${png.length} bytes)`);
}
