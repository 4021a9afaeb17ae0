/** Photo metadata (capture time, camera, GPS, keywords) read with exifr from the bytes already in memory. */
import exifr from 'exifr';

/** What the catalog keeps from a photo's EXIF, IPTC and XMP blocks. */
export interface PhotoExif {
  /** Capture time in epoch ms: the recorded offset when present, else the wall-clock time read in this machine's zone. */
  takenAt: number | null;
  cameraMake: string | null;
  cameraModel: string | null;
  /** Signed decimal degrees (south and west negative). */
  gpsLat: number | null;
  gpsLon: number | null;
  /** IPTC Keywords, XMP dc:subject and lr:hierarchicalSubject (kept as written, e.g. "Places|France|Paris"), deduplicated. */
  keywords: string[];
}

/** The value for a file without readable metadata. */
const emptyExif: PhotoExif = { takenAt: null, cameraMake: null, cameraModel: null, gpsLat: null, gpsLon: null, keywords: [] };

const PARSE_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  iptc: true,
  xmp: true,
  ifd1: false,
  interop: false,
  icc: false,
  jfif: false,
  ihdr: false,
  makerNote: false,
  userComment: false,
  reviveValues: false,
  translateValues: false,
};

/** Reads metadata from a whole file's bytes; never throws (formats exifr does not know give `emptyExif`). */
export async function readExif(buf: Buffer): Promise<PhotoExif> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(buf, PARSE_OPTIONS)) as Record<string, unknown> | undefined;
  } catch {
    return { ...emptyExif, keywords: [] };
  }
  if (!tags) return { ...emptyExif, keywords: [] };
  return {
    takenAt: captureTime(tags),
    cameraMake: cleanText(tags.Make),
    cameraModel: cleanText(tags.Model),
    gpsLat: coordinate(tags.latitude, 90),
    gpsLon: coordinate(tags.longitude, 180),
    keywords: collectKeywords([tags.Keywords, tags.subject, tags.hierarchicalSubject]),
  };
}

/** DateTimeOriginal, else CreateDate, else ModifyDate, each with its own offset tag. */
function captureTime(tags: Record<string, unknown>): number | null {
  const candidates: Array<[unknown, unknown]> = [
    [tags.DateTimeOriginal, tags.OffsetTimeOriginal],
    [tags.CreateDate, tags.OffsetTimeDigitized],
    [tags.ModifyDate, tags.OffsetTime],
  ];
  for (const [value, offset] of candidates) {
    const ms = parseDate(value, offset);
    if (ms !== null) return ms;
  }
  return null;
}

const DATE_RE = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?/;

/**
 * "2021:07:04 15:30:12" (EXIF) or "2021-07-04T15:30:12+02:00" (XMP) to epoch ms. With an offset (in the string or
 * the Offset* tag) the instant is exact; without one the wall-clock time is read in this machine's local time zone.
 */
export function parseDate(value: unknown, offset?: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = DATE_RE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (y < 1800 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const zone = m[7] ?? (typeof offset === 'string' ? offset.trim() : '');
  const zoneMatch = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (zone === 'Z') return Date.UTC(y, mo - 1, d, h, mi, s);
  if (zoneMatch) {
    const sign = zoneMatch[1] === '-' ? -1 : 1;
    const minutes = sign * (Number(zoneMatch[2]) * 60 + Number(zoneMatch[3]));
    return Date.UTC(y, mo - 1, d, h, mi, s) - minutes * 60_000;
  }
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\0/g, '').trim().replace(/\s+/g, ' ');
  return text.length > 0 ? text : null;
}

function coordinate(value: unknown, limit: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

function collectKeywords(sources: unknown[]): string[] {
  const out = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'string' || typeof value === 'number') {
      const word = cleanText(String(value));
      if (word) out.add(word);
    }
  };
  sources.forEach(visit);
  return [...out];
}
