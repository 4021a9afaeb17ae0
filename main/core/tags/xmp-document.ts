/** XMP packet text: keyword bags found by namespace URI with a real XML parser, replaced in place (the rest kept byte for byte). */
import sax, { type QualifiedTag } from 'sax';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** Where each keyword property lives (namespace URI + local name) and the prefix used when the file has none for it. */
const PROPS = {
  flat: { ns: 'http://purl.org/dc/elements/1.1/', local: 'subject', prefix: 'dc' },
  lightroom: { ns: 'http://ns.adobe.com/lightroom/1.0/', local: 'hierarchicalSubject', prefix: 'lr' },
  digikam: { ns: 'http://www.digikam.org/ns/1.0/', local: 'TagsList', prefix: 'digiKam' },
  /** The tag names Shoebox itself wrote last time: keywords outside it belong to other tools and are kept. */
  managed: { ns: 'https://shoebox.photos/ns/xmp/1.0/', local: 'Keywords', prefix: 'shoebox' },
} as const;
type PropKey = keyof typeof PROPS;
const KEYS = Object.keys(PROPS) as PropKey[];

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

/** The first rdf:Description: where its open tag ends, and the prefixes in scope there (URI → prefix). */
interface DescriptionTag {
  start: number;
  end: number;
  selfClosing: boolean;
  prefixes: Map<string, string>;
}

/** What the parser found: keyword values per property and the text spans of those property elements. */
interface XmpScan {
  values: Record<PropKey, string[]>;
  spans: { start: number; end: number }[];
  description: DescriptionTag | null;
}

function propOf(tag: QualifiedTag): PropKey | null {
  return KEYS.find((k) => PROPS[k].ns === tag.uri && PROPS[k].local === tag.local) ?? null;
}

/** Parses a packet strictly (malformed XML throws) and finds every keyword property under any rdf:Description. */
function scanXmp(xml: string): XmpScan {
  const scan: XmpScan = { values: { flat: [], lightroom: [], digikam: [], managed: [] }, spans: [], description: null };
  const parser = sax.parser(true, { xmlns: true, position: true });
  const stack: QualifiedTag[] = [];
  let open: { key: PropKey; start: number; depth: number } | null = null;
  let li: string | null = null;
  parser.onerror = (err) => {
    throw new Error(`not a readable XMP packet: ${err.message.split('\n')[0]}`);
  };
  parser.onopentag = (tag) => {
    const parent = stack[stack.length - 1];
    stack.push(tag);
    if (tag.uri === RDF && tag.local === 'Description' && scan.description === null) {
      const prefixes = new Map(Object.entries(tag.ns).map(([prefix, uri]) => [uri, prefix]));
      scan.description = { start: parser.startTagPosition - 1, end: parser.position, selfClosing: tag.isSelfClosing, prefixes };
    }
    const key = parent?.uri === RDF && parent.local === 'Description' && open === null ? propOf(tag) : null;
    if (key) open = { key, start: parser.startTagPosition - 1, depth: stack.length };
    if (open && tag.uri === RDF && tag.local === 'li') li = '';
  };
  const text = (t: string) => {
    if (li !== null) li += t;
  };
  parser.ontext = text;
  parser.oncdata = text;
  parser.onclosetag = () => {
    const tag = stack.pop();
    if (open && li !== null && tag?.uri === RDF && tag.local === 'li') {
      if (li.trim()) scan.values[open.key].push(li.trim());
      li = null;
    }
    if (open && stack.length === open.depth - 1) {
      scan.spans.push({ start: open.start, end: parser.position });
      open = null;
    }
  };
  parser.write(xml).close();
  return scan;
}

/** Keywords of a packet: flat (dc:subject) and hierarchical ("Animals/Dog", from lr:hierarchicalSubject "Animals|Dog" or digiKam:TagsList). */
export function readXmpKeywords(xml: string): { flat: string[]; hierarchical: string[] } {
  const { values } = scanXmp(xml);
  const hierarchical = [...values.lightroom.map((v) => v.split('|').join('/')), ...values.digikam];
  return { flat: values.flat, hierarchical: [...new Set(hierarchical)] };
}

/** The value each property holds for a set of tag names ("Animals/Dog" → "Dog", "Animals|Dog", "Animals/Dog"). */
function valuesFor(tags: readonly string[]): Record<PropKey, string[]> {
  return {
    flat: tags.map((t) => t.slice(t.lastIndexOf('/') + 1)),
    lightroom: tags.map((t) => t.split('/').join('|')),
    digikam: [...tags],
    managed: [...tags],
  };
}

function escapeXml(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** Removes `[start, end)` together with the indentation and line break before it, so rewrites never add blank lines. */
function cut(xml: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && (xml[from - 1] === ' ' || xml[from - 1] === '\t')) from--;
  if (xml[from - 1] === '\n') from--;
  if (xml[from - 1] === '\r') from--;
  return xml.slice(0, from) + xml.slice(end);
}

/**
 * Rewrites the keyword properties of `xml` so they hold `tags` plus whatever other tools put there: values Shoebox
 * wrote last time (recorded in shoebox:Keywords) and no longer has are dropped, every other value stays. Properties
 * are found by namespace URI (any prefix); new ones go into the first rdf:Description, which gains the namespace
 * declarations it lacks. Everything else in the file is kept byte for byte, and a second rewrite with the same tags
 * gives the same bytes.
 */
export function mergeXmpKeywords(xml: string, tags: readonly string[]): string {
  const scan = scanXmp(xml);
  const d = scan.description;
  if (!d) throw new Error('not an XMP packet: it has no rdf:Description element');
  const before = valuesFor(scan.values.managed);
  const ours = valuesFor(tags);
  const next = {} as Record<PropKey, string[]>;
  for (const k of KEYS) {
    const mine = new Set(before[k]);
    const foreign = k === 'managed' ? [] : scan.values[k].filter((v) => !mine.has(v));
    next[k] = [...new Set([...foreign, ...ours[k]])];
  }
  const prefixes = new Map(d.prefixes);
  let declarations = '';
  for (const k of KEYS) {
    if (next[k].length === 0 || prefixes.has(PROPS[k].ns)) continue;
    let prefix: string = PROPS[k].prefix;
    while ([...prefixes.values()].includes(prefix)) prefix += '1';
    prefixes.set(PROPS[k].ns, prefix);
    declarations += `\n  xmlns:${prefix}='${PROPS[k].ns}'`;
  }
  const rdf = prefixes.get(RDF) ?? 'rdf';
  const body = KEYS.filter((k) => next[k].length > 0)
    .map((k) => {
      const name = `${prefixes.get(PROPS[k].ns)}:${PROPS[k].local}`;
      const items = next[k].map((v) => `\n    <${rdf}:li>${escapeXml(v)}</${rdf}:li>`).join('');
      return `\n  <${name}>\n   <${rdf}:Bag>${items}\n   </${rdf}:Bag>\n  </${name}>`;
    })
    .join('');
  // Cut from the end so earlier offsets stay valid; every span lies after the Description's open tag.
  let rest = xml.slice(d.end);
  for (const s of [...scan.spans].sort((a, b) => b.start - a.start)) rest = cut(rest, s.start - d.end, s.end - d.end);
  const openTag = xml.slice(d.start, d.end);
  const opened = d.selfClosing ? openTag.replace(/\s*\/>$/u, `${declarations}>`) : openTag.replace(/>$/u, `${declarations}>`);
  const closing = d.selfClosing ? `\n </${rdf}:Description>` : '';
  return xml.slice(0, d.start) + opened + body + closing + rest;
}
