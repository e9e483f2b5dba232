/**
 * Amounts in Vietnamese words for the payment list ("Một triệu năm trăm nghìn đồng"), read by the
 * read-vietnamese-number package rather than by a reader of our own (docs/decisions/0034-prizes.md).
 */
import { doReadNumber, ReadingConfig } from "read-vietnamese-number";

const config = new ReadingConfig();
config.unit = ["đồng"];

/** 1500000 → "Một triệu năm trăm nghìn đồng" (first letter capitalised). Whole, non-negative amounts only. */
export function amountInWords(amountVnd: number): string {
  if (!Number.isSafeInteger(amountVnd) || amountVnd < 0) throw new RangeError(`amount must be a whole number of đồng, got ${amountVnd}`);
  const words = doReadNumber(String(amountVnd), config).normalize("NFC");
  return words.charAt(0).toLocaleUpperCase("vi-VN") + words.slice(1);
}
