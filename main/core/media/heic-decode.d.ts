/** Types for heic-decode 2.1 (WASM libheif), which ships none: only the calls media/heic.ts makes. */
declare module 'heic-decode' {
  /** Decoded pixels: RGBA, 8 bits per channel, rows packed. */
  interface DecodedHeic {
    width: number;
    height: number;
    data: Uint8ClampedArray;
  }
  /** One top-level image: its size is known before its pixels are decoded. */
  interface HeicImage {
    width: number;
    height: number;
    decode(): Promise<DecodedHeic>;
  }
  interface HeicDecode {
    (input: { buffer: Uint8Array }): Promise<DecodedHeic>;
    all(input: { buffer: Uint8Array }): Promise<HeicImage[] & { dispose(): void }>;
  }
  const decode: HeicDecode;
  export default decode;
}
