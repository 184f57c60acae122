import { inflateSync } from "node:zlib";

export interface Png {
  width: number;
  height: number;
  colorType: number;
  /** RGBA, row-major, 4 bytes a pixel. */
  pixels: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(left: number, up: number, upLeft: number): number {
  const p = left + up - upLeft;
  const pl = Math.abs(p - left);
  const pu = Math.abs(p - up);
  const pul = Math.abs(p - upLeft);
  return pl <= pu && pl <= pul ? left : pu <= pul ? up : upLeft;
}

/** Decodes the only PNG kind the icons should be: 8-bit RGBA, not interlaced. Anything else is an error. */
export function decodePng(file: Buffer): Png {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG");
  let at = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  while (at < file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString("ascii", at + 4, at + 8);
    const body = file.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") header = body;
    if (type === "IDAT") data.push(body);
    at += 12 + length;
  }
  if (!header) throw new Error("PNG without IHDR");
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const colorType = header.readUInt8(9);
  if (header.readUInt8(8) !== 8 || colorType !== 6 || header.readUInt8(12) !== 0) {
    throw new Error(`unsupported PNG: bit depth ${header.readUInt8(8)}, colour type ${colorType}, interlace ${header.readUInt8(12)}`);
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw.readUInt8(y * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const value = raw.readUInt8(y * (stride + 1) + 1 + x);
      const left = x >= 4 ? pixels.readUInt8(y * stride + x - 4) : 0;
      const up = y > 0 ? pixels.readUInt8((y - 1) * stride + x) : 0;
      const upLeft = x >= 4 && y > 0 ? pixels.readUInt8((y - 1) * stride + x - 4) : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predicted === undefined) throw new Error(`unknown PNG filter ${filter} on row ${y}`);
      pixels.writeUInt8((value + predicted) & 0xff, y * stride + x);
    }
  }
  return { width, height, colorType, pixels };
}

export function pixelAt(png: Png, x: number, y: number): [number, number, number, number] {
  const at = (y * png.width + x) * 4;
  return [png.pixels.readUInt8(at), png.pixels.readUInt8(at + 1), png.pixels.readUInt8(at + 2), png.pixels.readUInt8(at + 3)];
}
