/** XMP packet text: reads keyword bags and merges new ones in, keeping every other element and attribute as written. */

/** The keyword properties Shoebox reads and writes, with their namespaces. */
const PROPS = [
  { name: 'dc:subject', prefix: 'dc', ns: 'http://purl.org/dc/elements/1.1/' },
  { name: 'lr:hierarchicalSubject', prefix: 'lr', ns: 'http://ns.adobe.com/lightroom/1.0/' },
  { name: 'digiKam:TagsList', prefix: 'digiKam', ns: 'http://www.digikam.org/ns/1.0/' },
] as const;

/** A new, empty sidecar packet. */
export const EMPTY_XMP = `<?xpacket begin='\uFEFF' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Shoebox'>
<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
 <rdf:Description rdf:about=''>
 </rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>
`;

function escapeXml(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;').replace(/'/gu, '&apos;');
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&apos;/gu, "'")
    .replace(/&#(\d+);/gu, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/giu, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/gu, '&');
}

function elementPattern(name: string): RegExp {
  return new RegExp(`<${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</${name}>)`, 'gu');
}

/** The rdf:li values of one property (empty when absent). */
function bagValues(xml: string, name: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(elementPattern(name))) {
    for (const li of m[0].matchAll(/<rdf:li\b[^>]*>([\s\S]*?)<\/rdf:li>/gu)) out.push(unescapeXml(li[1]!.trim()));
  }
  return out;
}

/** Keywords of a packet: flat (dc:subject) and hierarchical ("Animals/Dog", from lr:hierarchicalSubject "Animals|Dog" or digiKam:TagsList). */
export function readXmpKeywords(xml: string): { flat: string[]; hierarchical: string[] } {
  const hierarchical = [
    ...bagValues(xml, 'lr:hierarchicalSubject').map((v) => v.split('|').join('/')),
    ...bagValues(xml, 'digiKam:TagsList'),
  ];
  return { flat: bagValues(xml, 'dc:subject'), hierarchical: [...new Set(hierarchical)] };
}

function bag(name: string, values: string[]): string {
  const items = values.map((v) => `    <rdf:li>${escapeXml(v)}</rdf:li>`).join('\n');
  return `  <${name}>\n   <rdf:Bag>\n${items}\n   </rdf:Bag>\n  </${name}>\n`;
}

/**
 * Replaces the three keyword properties of `xml` with `tags` ("Animals/Dog" → dc:subject "Dog",
 * lr:hierarchicalSubject "Animals|Dog", digiKam:TagsList "Animals/Dog"); everything else is kept byte for byte.
 * New properties go into the first rdf:Description, which gains the namespace declarations it lacks.
 */
export function mergeXmpKeywords(xml: string, tags: readonly string[]): string {
  let out = xml;
  for (const p of PROPS) out = out.replace(elementPattern(p.name), '');
  const open = /<rdf:Description\b[^>]*?(\/?)>/u.exec(out);
  if (!open) throw new Error('not an XMP packet: no rdf:Description element');
  let start = open[0];
  if (open[1] === '/') start = start.replace(/\s*\/>$/u, '>');
  for (const p of PROPS) if (!new RegExp(`xmlns:${p.prefix}=`, 'u').test(start)) start = start.replace(/>$/u, `\n  xmlns:${p.prefix}='${p.ns}'>`);
  const leaves = [...new Set(tags.map((t) => t.slice(t.lastIndexOf('/') + 1)))];
  const body = tags.length === 0 ? '' : `\n${bag('dc:subject', leaves)}${bag('lr:hierarchicalSubject', tags.map((t) => t.split('/').join('|')))}${bag('digiKam:TagsList', [...tags])}`;
  const close = open[1] === '/' ? ' </rdf:Description>' : '';
  return out.slice(0, open.index) + start + body + close + out.slice(open.index + open[0].length);
}
