import type { FontPrograms } from './embeddedFont.js';
import type { SigningHash } from '../crypto/HashAlgorithm.js';
import type { RawSigner } from '../signer/RawSigner.js';
import type { Timestamper } from '../tsp/Timestamper.js';

/** Where and how a visible signature is drawn (`--visible --page N --rect x,y,w,h` or `--position`). */
export interface VisibleSignature {
  /** 1-based page number. */
  readonly page: number;
  /** x, y, width, height in points, as the page is seen (its /Rotate applied), origin bottom-left. */
  readonly rect?: readonly [number, number, number, number];
  readonly position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
  /** Lines of text; defaults to the signer's name and the date. */
  readonly lines?: readonly string[];
  /** A PNG image drawn at the left of the box. */
  readonly image?: Uint8Array;
}

export interface PadesOptions {
  readonly signer: RawSigner;
  readonly hash: SigningHash;
  /** The time put in /M (EN 319 142-1 §5.4.2: no CMS signing-time); defaults to now. */
  readonly signingTime?: Date;
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
  /** Sign this existing, empty signature field instead of adding one. */
  readonly fieldName?: string;
  readonly visible?: VisibleSignature;
  /** The fonts a visible signature's text is drawn with (read by io/appearanceFonts.ts); required with `visible`. */
  readonly fonts?: FontPrograms;
  /** Adds a signature-time-stamp to the CMS (PAdES-B-T); /Contents then keeps room for it. */
  readonly timestamper?: Timestamper;
}
