import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodePng, pixelAt } from "./pngPixels.js";

const teamsapp = (name: string) => fileURLToPath(new URL(`../../../teamsapp/${name}`, import.meta.url));
const color = decodePng(readFileSync(teamsapp("color.png")));
const outline = decodePng(readFileSync(teamsapp("outline.png")));
const accent = JSON.parse(readFileSync(teamsapp("manifest.json"), "utf8")).accentColor as string;

function* pixels(png: typeof color): Generator<[number, number, number, number]> {
  for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) yield pixelAt(png, x, y);
}

describe("teamsapp icons", () => {
  it("color.png is 192×192, opaque, on the manifest's accent colour, with a white emblem", () => {
    expect([color.width, color.height]).toEqual([192, 192]);
    const all = [...pixels(color)];
    expect(all.every(([, , , a]) => a === 255)).toBe(true);
    const hex = (r: number, g: number, b: number) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`.toUpperCase();
    for (const [x, y] of [[0, 0], [191, 0], [0, 191], [191, 191]] as const) {
      const [r, g, b] = pixelAt(color, x, y);
      expect(hex(r, g, b)).toBe(accent.toUpperCase());
    }
    const white = all.filter(([r, g, b]) => r === 255 && g === 255 && b === 255).length;
    expect(white / all.length).toBeGreaterThan(0.1);
  });

  it("outline.png is 32×32, white on a transparent background", () => {
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const all = [...pixels(outline)];
    const inked = all.filter(([, , , a]) => a > 0);
    expect(inked.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(all.filter(([, , , a]) => a === 0).length / all.length).toBeGreaterThan(0.4);
    expect(all.filter(([, , , a]) => a === 255).length).toBeGreaterThan(50);
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31]] as const) expect(pixelAt(outline, x, y)[3]).toBe(0);
  });
});
