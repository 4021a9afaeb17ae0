/** Types for the parts of `sax` (a streaming XML parser without bundled types) that the XMP reader uses. */
declare module 'sax' {
  export interface QualifiedTag {
    name: string;
    prefix: string;
    local: string;
    uri: string;
    attributes: Record<string, { name: string; value: string; prefix: string; local: string; uri: string }>;
    ns: Record<string, string>;
    isSelfClosing: boolean;
  }
  export interface SAXParser {
    /** Characters consumed so far (the index just after the current one). */
    position: number;
    /** One more than the index of the `<` that opened the current tag. */
    startTagPosition: number;
    onopentag: (tag: QualifiedTag) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    oncdata: (text: string) => void;
    onerror: (err: Error) => void;
    write(chunk: string): SAXParser;
    close(): SAXParser;
  }
  const sax: { parser(strict: boolean, options: { xmlns?: boolean; position?: boolean; trim?: boolean }): SAXParser };
  export default sax;
}
