/**
 * Personal data is masked before it leaves the core (SPEC §3): the renderer never holds the full
 * phone number, ID number or address, so a screenshot, a screen share or a bug in the UI cannot leak
 * them. Revealing one field goes through customer.reveal, which checks the permission and audits it.
 */

const STAR = '*';

/** 13812345671 → 138****5671: enough to confirm with the customer, not enough to call them. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.trim();
  if (digits.length <= 7) return STAR.repeat(digits.length);
  return `${digits.slice(0, 3)}${STAR.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** 110105198803124517 → 110***********4517: region prefix and last four, no birth date. */
export function maskIdNumber(idNumber: string | null): string | null {
  if (idNumber === null) return null;
  const value = idNumber.trim();
  if (value.length <= 7) return STAR.repeat(value.length);
  return `${value.slice(0, 3)}${STAR.repeat(value.length - 7)}${value.slice(-4)}`;
}

/**
 * Keeps the administrative part of a Chinese address — up to the district or county (区/區/县/縣)
 * when one appears in the first twelve characters, else the first six — and hides street and door.
 */
export function maskAddress(address: string | null): string | null {
  if (address === null) return null;
  const value = address.trim();
  if (value.length === 0) return value;
  const chars = [...value];
  let keep = Math.min(6, Math.max(1, chars.length - 4));
  for (let i = 0; i < Math.min(chars.length - 1, 12); i++) {
    const char = chars[i];
    if (char === '区' || char === '區' || char === '县' || char === '縣') {
      keep = i + 1;
      break;
    }
  }
  return `${chars.slice(0, keep).join('')}${STAR.repeat(4)}`;
}
