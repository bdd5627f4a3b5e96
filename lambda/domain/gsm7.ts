/**
 * GSM 03.38 (GSM-7) helpers. An SMS of up to 160 GSM-7 characters travels as one part; anything
 * outside that alphabet switches the whole message to UCS-2 and 70 characters. We keep SMS to
 * 140 so carriers that add a prefix still deliver one part.
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Extension table: each costs two septets (escape + character). */
const EXTENDED = '^{}\\[~]|€\f';

const BASIC_SET = new Set(BASIC);
const EXTENDED_SET = new Set(EXTENDED);

/** Septets needed to send `text` in GSM-7, or undefined if it contains a character outside it. */
export function gsm7Length(text: string): number | undefined {
  let length = 0;
  for (const ch of text) {
    if (BASIC_SET.has(ch)) length += 1;
    else if (EXTENDED_SET.has(ch)) length += 2;
    else return undefined;
  }
  return length;
}

/** Replaces each character outside the GSM-7 basic alphabet with `?` (no extension characters). */
export function toGsm7Basic(text: string): string {
  let out = '';
  for (const ch of text) out += BASIC_SET.has(ch) && ch !== '\n' && ch !== '\r' ? ch : '?';
  return out;
}
