/**
 * `npx tsx test/golden/heic-standins.ts CORPUS OUT`: writes each HEIC of the corpus as a lossless RGBA PNG of the
 * pixels libheif (heic-decode) gives, so golden.py can run the references on what PIL cannot open.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import heicDecode from 'heic-decode';
import sharp from 'sharp';

const [corpus, out] = process.argv.slice(2);
if (!corpus || !out) throw new Error('usage: heic-standins.ts CORPUS OUT');
await mkdir(out, { recursive: true });
for (const name of readdirSync(corpus).filter((n) => extname(n).toLowerCase() === '.heic')) {
  const { width, height, data } = await heicDecode({ buffer: readFileSync(join(corpus, name)) });
  await sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } })
    .png()
    .toFile(join(out, `${name}.png`));
  console.log(`${name}: ${width}×${height}`);
}
