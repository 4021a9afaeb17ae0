/** The person's rotation in an XMP sidecar: tiff:Orientation, composed with the orientation the original file carries. */
import { open } from 'node:fs/promises';
import exifr from 'exifr';
import sax, { type QualifiedTag } from 'sax';

const TIFF = 'http://ns.adobe.com/tiff/1.0/';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** EXIF orientation → (mirrored, degrees clockwise) as exiftool names them ("Mirror horizontal and rotate 270 CW" = 5). */
const PARTS: Record<number, [boolean, number]> = {
  1: [false, 0],
  6: [false, 90],
  3: [false, 180],
  8: [false, 270],
  2: [true, 0],
  7: [true, 90],
  4: [true, 180],
  5: [true, 270],
};

/** The orientation that shows the file turned `rotation` degrees clockwise more than its own `exif` orientation does. */
export function composeOrientation(exif: number, rotation: number): number {
  const [mirrored, degrees] = PARTS[exif] ?? PARTS[1]!;
  const turned = (((degrees + rotation) % 360) + 360) % 360;
  return Number(Object.entries(PARTS).find(([, [m, d]]) => m === mirrored && d === turned)![0]);
}

/** The EXIF orientation of the file at `path` (1 when it has none or cannot be read). */
export async function fileOrientation(path: string): Promise<number> {
  try {
    const file = await open(path, 'r');
    try {
      if (!(await file.stat()).isFile()) return 1;
      const head = Buffer.alloc(256 * 1024);
      const { bytesRead } = await file.read(head, 0, head.length, 0);
      const o = await exifr.orientation(head.subarray(0, bytesRead));
      return typeof o === 'number' && PARTS[o] ? o : 1;
    } finally {
      await file.close();
    }
  } catch {
    return 1; // Unreadable here: the sidecar then says how to turn the file from its stored pixels.
  }
}

/** Whether `xml` already carries a tiff:Orientation (element or attribute of an rdf:Description). */
export function hasXmpOrientation(xml: string): boolean {
  let found = false;
  const parser = sax.parser(true, { xmlns: true });
  const stack: QualifiedTag[] = [];
  parser.onopentag = (tag) => {
    const parent = stack[stack.length - 1];
    stack.push(tag);
    if (
      tag.uri === RDF &&
      tag.local === 'Description' &&
      Object.values(tag.attributes).some((a) => a.uri === TIFF && a.local === 'Orientation')
    )
      found = true;
    if (parent?.uri === RDF && parent.local === 'Description' && tag.uri === TIFF && tag.local === 'Orientation') found = true;
  };
  parser.onclosetag = () => void stack.pop();
  parser.write(xml).close();
  return found;
}

/**
 * Sets tiff:Orientation to `orientation` in the first rdf:Description: an existing element or attribute (any prefix
 * bound to the TIFF namespace) is rewritten in place, else an element is added after the open tag with the namespace
 * declared. Nothing else in the packet changes.
 */
export function setXmpOrientation(xml: string, orientation: number): string {
  const prefix = /xmlns:([\w.-]+)\s*=\s*["']http:\/\/ns\.adobe\.com\/tiff\/1\.0\/["']/u.exec(xml)?.[1];
  if (prefix) {
    const element = new RegExp(`(<${prefix}:Orientation>)\\s*\\d*\\s*(</${prefix}:Orientation>)`, 'u');
    if (element.test(xml)) return xml.replace(element, `$1${orientation}$2`);
    const attribute = new RegExp(`(\\s${prefix}:Orientation\\s*=\\s*)(["'])\\d*\\2`, 'u');
    if (attribute.test(xml)) return xml.replace(attribute, `$1$2${orientation}$2`);
  }
  const open = /<([\w.-]+:)?Description\b[^>]*?(\/?)>/u.exec(xml);
  if (!open) throw new Error('not an XMP packet: it has no rdf:Description element');
  const p = prefix ?? 'tiff';
  const declare = prefix ? '' : ` xmlns:tiff='${TIFF}'`;
  const tag = open[0];
  const selfClosing = open[2] === '/';
  const opened = selfClosing ? `${tag.slice(0, -2).trimEnd()}${declare}>` : `${tag.slice(0, -1)}${declare}>`;
  const body = `\n  <${p}:Orientation>${orientation}</${p}:Orientation>`;
  const closing = selfClosing ? `\n </${open[1] ?? ''}Description>` : '';
  return xml.slice(0, open.index) + opened + body + closing + xml.slice(open.index + tag.length);
}
