/** XMP merging by namespace URI with a real XML parser: other tools' keywords and fields kept, bytes stable across rewrites. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeXmpKeywords, readXmpKeywords } from '../../main/core/tags/xmp-document.js';
import { writeSidecarTags } from '../../main/core/tags/xmp.js';

function exif(file: string): Record<string, unknown> {
  return (JSON.parse(execFileSync('exiftool', ['-j', '-XMP:all', file], { encoding: 'utf8' })) as Record<string, unknown>[])[0]!;
}
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => `${x as string}`) : v === undefined ? [] : [`${v as string}`]);

/** A packet as another tool might write it: unusual prefixes for dc and lr, attributes, a rating and a title. */
const FOREIGN = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Other Tool 1.0">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:purl="http://purl.org/dc/elements/1.1/"
    xmlns:light="http://ns.adobe.com/lightroom/1.0/"
   xmp:Rating="3">
   <purl:title>
    <rdf:Alt>
     <rdf:li xml:lang="x-default">Sea &amp; sky</rdf:li>
    </rdf:Alt>
   </purl:title>
   <purl:subject>
    <rdf:Bag>
     <rdf:li>Film</rdf:li>
     <rdf:li>Sea</rdf:li>
    </rdf:Bag>
   </purl:subject>
   <light:hierarchicalSubject>
    <rdf:Bag>
     <rdf:li>Process|Film</rdf:li>
    </rdf:Bag>
   </light:hierarchicalSubject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoebox-xmp-merge-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('XMP keyword merge', () => {
  it('finds keyword bags by namespace URI whatever their prefix', () => {
    expect(readXmpKeywords(FOREIGN)).toEqual({ flat: ['Film', 'Sea'], hierarchical: ['Process/Film'] });
  });

  it('keeps other tools’ keywords and fields, drops only what Shoebox wrote before, and exiftool agrees', () => {
    const file = join(dir, 'IMG_1.xmp');
    writeFileSync(file, mergeXmpKeywords(FOREIGN, ['Animals/Dog', 'Holiday']));
    let t = exif(file);
    expect(list(t.Subject).sort()).toEqual(['Dog', 'Film', 'Holiday', 'Sea']);
    expect(list(t.HierarchicalSubject).sort()).toEqual(['Animals|Dog', 'Holiday', 'Process|Film']);
    expect(list(t.TagsList).sort()).toEqual(['Animals/Dog', 'Holiday']);
    expect(t.Rating).toBe(3);
    expect(t.Title).toBe('Sea & sky');
    // The unusual prefixes are reused, not declared again under the usual ones.
    expect(readFileSync(file, 'utf8')).not.toContain('xmlns:dc=');

    writeFileSync(file, mergeXmpKeywords(readFileSync(file, 'utf8'), ['Holiday']));
    t = exif(file);
    expect(list(t.Subject).sort()).toEqual(['Film', 'Holiday', 'Sea']);
    expect(list(t.HierarchicalSubject).sort()).toEqual(['Holiday', 'Process|Film']);
    expect(list(t.TagsList)).toEqual(['Holiday']);

    writeFileSync(file, mergeXmpKeywords(readFileSync(file, 'utf8'), []));
    t = exif(file);
    expect(list(t.Subject).sort()).toEqual(['Film', 'Sea']);
    expect(list(t.HierarchicalSubject)).toEqual(['Process|Film']);
    expect(t.TagsList).toBeUndefined();
    expect(t.Rating).toBe(3);
  });

  it('leaves everything outside the keyword bags byte for byte, and rewrites are stable in size and bytes', () => {
    const once = mergeXmpKeywords(FOREIGN, ['Animals/Dog']);
    expect(once.startsWith(FOREIGN.slice(0, FOREIGN.indexOf('   xmp:Rating')))).toBe(true);
    expect(once).toContain(FOREIGN.slice(FOREIGN.indexOf('   <purl:title>'), FOREIGN.indexOf('</purl:title>') + 13));
    expect(once.endsWith(FOREIGN.slice(FOREIGN.indexOf('  </rdf:Description>')))).toBe(true);
    let text = once;
    for (let n = 0; n < 10; n++) text = mergeXmpKeywords(text, ['Animals/Dog']);
    expect(text).toBe(once);
    expect(text).not.toMatch(/\n\s*\n/);
    const back = mergeXmpKeywords(mergeXmpKeywords(once, ['Zoo']), ['Animals/Dog']);
    expect(back.length).toBe(once.length);
  });

  it('refuses malformed XML and leaves the sidecar as it was', async () => {
    const photo = join(dir, 'IMG_2.jpg');
    writeFileSync(photo, 'jpeg bytes');
    const broken = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><oops></x:xmpmeta>';
    writeFileSync(join(dir, 'IMG_2.xmp'), broken);
    await expect(writeSidecarTags(photo, ['Holiday'], true)).rejects.toThrow(/XMP/);
    expect(readFileSync(join(dir, 'IMG_2.xmp'), 'utf8')).toBe(broken);
  });

  it('turns a self-closing rdf:Description into one holding the keywords', () => {
    const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="5"/></rdf:RDF></x:xmpmeta>`;
    const merged = mergeXmpKeywords(packet, ['Places/France']);
    expect(readXmpKeywords(merged)).toEqual({ flat: ['France'], hierarchical: ['Places/France'] });
    expect(mergeXmpKeywords(merged, ['Places/France'])).toBe(merged);
  });
});
